#include "store/StoreError.h"

namespace salvo {

StoreError::StoreError(const std::string &file, const std::string &problem, int sqliteCode)
    : InputError(file, {}, {}, problem), sqliteCode_(sqliteCode) {}

StoreError::StoreError(const std::string &file, const std::string &item, const std::string &field,
                       const std::string &problem, int sqliteCode)
    : InputError(file, item, field, problem), sqliteCode_(sqliteCode) {}

} // namespace salvo
