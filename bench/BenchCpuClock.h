#pragma once

#include <ctime>
#include <sys/resource.h>

namespace salvo::bench {

// CPU time of the whole process: the figure for work on a busy machine, where wall
// time measures the neighbours as much as the code.
inline double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// CPU time of the finished child processes this one has waited for (a reference tool
// run side by side, such as aubioonset).
inline double childrenCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

} // namespace salvo::bench
