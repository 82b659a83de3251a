#pragma once

// Command-line helpers shared by the benchmarks.

#include <string>
#include <vector>

namespace salvo::bench {

// "urban,hard,,hilly" -> {"urban", "hard", "hilly"} (empty parts dropped).
inline std::vector<std::string> splitComma(const std::string &text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find(',', start);
    const std::string part = text.substr(start, end == std::string::npos ? end : end - start);
    if (!part.empty()) {
      parts.push_back(part);
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return parts;
}

} // namespace salvo::bench
