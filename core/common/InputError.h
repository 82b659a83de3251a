#pragma once

#include <stdexcept>
#include <string>

namespace salvo {

// Thrown when data from outside (a file, a packet, a command line) is not what its
// contract says. It names where the problem is, so a user can fix it without a
// debugger: the file, the item inside it (a sensor id, an incident id) and the field.
class InputError : public std::runtime_error {
public:
  InputError(std::string file, std::string item, std::string field, const std::string &problem);

  const std::string &file() const noexcept { return file_; }
  const std::string &item() const noexcept { return item_; }
  const std::string &field() const noexcept { return field_; }
  const std::string &problem() const noexcept { return problem_; }

private:
  std::string file_;
  std::string item_;
  std::string field_;
  std::string problem_;
};

} // namespace salvo
