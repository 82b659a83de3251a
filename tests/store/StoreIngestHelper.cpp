// Ingests random incidents into a store for ever, printing each incident's row id on
// its own line once the transaction that stored it has committed. TestStoreDurability
// kills it with SIGKILL at random points and checks that every printed id survived.
#include "StoreTestSupport.h"

#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_ingest_helper DB SEED\n");
    return 2;
  }
  try {
    salvo::Database database = salvo::openStore(argv[1]);
    salvo::storetest::addSensors(database);
    salvo::IncidentStore store(database, "ingest-helper");
    std::mt19937_64 random(std::strtoull(argv[2], nullptr, 10));
    for (int batch = 0;; ++batch) {
      std::vector<salvo::Incident> incidents;
      const int size = 1 + static_cast<int>(random() % 40);
      for (int i = 0; i < size; ++i) {
        incidents.push_back(salvo::storetest::randomIncident(random, batch * 100 + i));
      }
      const std::vector<std::int64_t> ids = store.insertBatch(incidents, "durability");
      std::string lines;
      for (const std::int64_t id : ids) {
        lines += std::to_string(id) + "\n";
      }
      std::fputs(lines.c_str(), stdout);
      std::fflush(stdout);
    }
  } catch (const std::exception &error) {
    std::fprintf(stderr, "store_ingest_helper: %s\n", error.what());
    return 1;
  }
}
