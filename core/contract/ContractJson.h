#pragma once

// Internal to core/contract: strict reading and stable writing of the interchange
// contract's JSON files. Not for use outside the contract readers and writers.

#include "time/UtcTime.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace salvo::contract {

// Python's json module writes bare NaN, Infinity and -Infinity, which are not JSON:
// QJsonDocument would reject the whole file and the user would not learn which field
// is wrong. Such tokens outside strings are replaced by sentinel strings before
// parsing, and so are non-integer numbers given to a field whose name ends in "_ns"
// (Qt silently turns 1783240901153148119.0 into an integer, losing the fact that the
// writer meant a float). JsonFields turns the sentinels back into precise errors.
struct SanitizedJson {
  QByteArray text;
  // (offset in text, offset in the original) at every replacement, to report parse
  // errors at the position the user sees in their file.
  std::vector<std::pair<qsizetype, qsizetype>> offsetMap;
  // The first key that appears twice in one object, and its offset in the original:
  // Qt would silently keep one of the two values.
  QByteArray duplicateKey;
  qsizetype duplicateKeyOffset = -1;
  qsizetype originalOffset(qsizetype sanitizedOffset) const;
};
SanitizedJson sanitizeJson(const QByteArray &original);

// Reads and parses a whole file whose top level must be an object. Malformed JSON
// throws InputError with the byte offset, line and column of the problem.
QJsonObject readJsonObjectFile(const std::filesystem::path &path);
QJsonObject parseJsonObject(const QByteArray &bytes, const std::string &fileLabel);

// Reads fields of one JSON object; every failure throws InputError naming the file,
// the item ("sensor S003") and the field.
class JsonFields {
public:
  JsonFields(const QJsonObject &object, std::string file, std::string item);

  const std::string &file() const { return file_; }
  const std::string &item() const { return item_; }
  bool has(const char *field) const;

  std::string string(const char *field) const;
  std::string nonEmptyString(const char *field) const;
  // Numbers come back as given, NaN and infinities included (the range checks that
  // follow name them); a missing field or another type throws.
  double number(const char *field) const;
  std::optional<double> optionalNumber(const char *field) const;
  std::int64_t integer(const char *field) const;
  UtcNs timeNs(const char *field) const;
  bool boolean(const char *field) const;
  std::optional<bool> optionalBoolean(const char *field) const;
  std::optional<std::string> optionalString(const char *field) const;
  QJsonArray array(const char *field) const;
  QJsonObject object(const char *field) const;
  std::optional<QJsonObject> optionalObject(const char *field) const;

  // Element `index` of an array field.
  UtcNs timeNsAt(const QJsonValue &value, const char *field, qsizetype index) const;
  std::string nonEmptyStringAt(const QJsonValue &value, const char *field, qsizetype index) const;
  QJsonObject objectAt(const QJsonValue &value, const char *field, qsizetype index) const;

  // Fields other than `known`, as compact JSON text (kept so files round-trip).
  std::map<std::string, std::string> extras(std::initializer_list<const char *> known) const;

  [[noreturn]] void fail(const std::string &field, const std::string &problem) const;

private:
  QJsonValue required(const char *field) const;
  QJsonObject object_;
  std::string file_;
  std::string item_;
};

// Range checks shared by readers and writers, so nothing is written that would not
// read back. All throw InputError(file, item, field, ...).
void checkFinite(double value, const std::string &file, const std::string &item, const char *field);
void checkRange(double value, double low, double high, const std::string &file,
                const std::string &item, const char *field, const char *unit = "");
void checkPositive(double value, const std::string &file, const std::string &item,
                   const char *field);
void checkLatLon(double lat_deg, double lon_deg, const std::string &file, const std::string &item);

// Throws InputError when an id repeats: "<what> <id>: field 'id': duplicate: ...".
class DuplicateIds {
public:
  void add(const std::string &id, std::size_t index, const std::string &file, const char *what);

private:
  std::map<std::string, std::size_t> seen_;
};

// A JSON tree that keeps the order of object members, so files read like the
// contract's examples (id first) and the same value always gives the same bytes.
struct OrderedJson {
  struct Raw { // already rendered compact JSON (kept extras)
    std::string text;
  };
  using Array = std::vector<OrderedJson>;
  using Object = std::vector<std::pair<std::string, OrderedJson>>;
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object, Raw> value;

  OrderedJson() : value(nullptr) {}
  OrderedJson(bool v) : value(v) {}
  OrderedJson(int v) : value(static_cast<std::int64_t>(v)) {}
  OrderedJson(std::int64_t v) : value(v) {}
  OrderedJson(double v) : value(v) {}
  OrderedJson(std::string v) : value(std::move(v)) {}
  OrderedJson(const char *v) : value(std::string(v)) {}
  OrderedJson(Array v) : value(std::move(v)) {}
  OrderedJson(Object v) : value(std::move(v)) {}
  OrderedJson(Raw v) : value(std::move(v)) {}
};

// Pretty, stable text: two-space indent; a container of scalars short enough goes on
// one line; doubles in shortest round-trip form with a ".0" when integral (so they
// stay floats for typed readers); non-finite doubles are refused (std::invalid_argument,
// the writers check before). Ends with a newline.
std::string renderJson(const OrderedJson &json);

// Writes atomically (QSaveFile): a crash mid-write leaves the old file intact.
void writeTextFile(const std::filesystem::path &path, const std::string &text);

// Adds kept extras (compact JSON text) to an object being written.
void appendExtras(OrderedJson::Object &object, const std::map<std::string, std::string> &extras,
                  const std::string &file, const std::string &item);

std::string pathLabel(const std::filesystem::path &path);

} // namespace salvo::contract
