#pragma once

#include <string>
#include <utility>
#include <vector>

namespace salvo {

// The versions of the libraries Salvo runs with, as the libraries report them at run
// time (not the headers it was built with, where a library can say): what Help → About
// and `salvo-cli --version` show, and what a support request needs.
std::vector<std::pair<std::string, std::string>> libraryVersions();

} // namespace salvo
