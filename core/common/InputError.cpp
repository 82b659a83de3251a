#include "common/InputError.h"

namespace salvo {
namespace {

std::string describe(const std::string &file, const std::string &item, const std::string &field,
                     const std::string &problem) {
  std::string text = file.empty() ? std::string("input") : file;
  if (!item.empty()) {
    text += ": " + item;
  }
  if (!field.empty()) {
    text += ": field '" + field + "'";
  }
  return text + ": " + problem;
}

} // namespace

InputError::InputError(std::string file, std::string item, std::string field,
                       const std::string &problem)
    : std::runtime_error(describe(file, item, field, problem)), file_(std::move(file)),
      item_(std::move(item)), field_(std::move(field)), problem_(problem) {}

} // namespace salvo
