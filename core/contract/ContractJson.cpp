#include "contract/ContractJson.h"

#include "common/InputError.h"

#include <QCborValue>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace salvo::contract {
namespace {

// A string no writer produces by accident: it starts with U+0001, which JSON only
// allows escaped.
constexpr std::string_view kSentinelPrefix = "\x01salvo:";
constexpr std::string_view kFloatTag = "float:";
constexpr qint64 kMaxFileBytes = qint64(512) * 1024 * 1024;

// Shortest text that reads back to the same double.
std::string shortestNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// For messages.
std::string formatNumber(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  // Whole numbers in plain digits ("20000000", not "2e+07"): easier to read in a message.
  if (std::floor(value) == value && std::abs(value) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  return shortestNumber(value);
}

bool isIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool endsWithNs(std::string_view key) {
  return key.size() >= 3 && key.substr(key.size() - 3) == "_ns";
}

// Views into the original text, which outlives the scan: no allocation per key.
struct Context {
  bool isObject = false;
  bool expectingKey = false;
  std::string_view key;      // in an object: the member being read
  std::string_view arrayKey; // in an array: the member holding the array
  std::string_view lastKey;  // string just read while expecting a key
  std::vector<std::string_view> keys{};
};

std::optional<std::string> sentinelText(const QJsonValue &value) {
  if (!value.isString()) {
    return std::nullopt;
  }
  const std::string text = value.toString().toStdString();
  if (text.rfind(kSentinelPrefix, 0) != 0) {
    return std::nullopt;
  }
  return text.substr(kSentinelPrefix.size());
}

std::optional<double> sentinelNumber(const std::string &token) {
  if (token == "NaN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (token == "Infinity") {
    return std::numeric_limits<double>::infinity();
  }
  if (token == "-Infinity") {
    return -std::numeric_limits<double>::infinity();
  }
  if (token.rfind(kFloatTag, 0) == 0) {
    const std::string number = token.substr(kFloatTag.size());
    double value = 0.0;
    const auto result = std::from_chars(number.data(), number.data() + number.size(), value);
    if (result.ec == std::errc()) {
      return value;
    }
  }
  return std::nullopt;
}

std::string describe(const QJsonValue &value) {
  if (const auto token = sentinelText(value)) {
    if (token->rfind(kFloatTag, 0) == 0) {
      return "a float (" + token->substr(kFloatTag.size()) + ")";
    }
    return *token;
  }
  switch (value.type()) {
  case QJsonValue::Null:
    return "null";
  case QJsonValue::Bool:
    return "a boolean";
  case QJsonValue::Double:
    return "a number";
  case QJsonValue::String:
    return "a string";
  case QJsonValue::Array:
    return "an array";
  case QJsonValue::Object:
    return "an object";
  case QJsonValue::Undefined:
    break;
  }
  return "missing";
}

std::string compactJson(const QJsonValue &value) {
  const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
  return wrapped.mid(1, wrapped.size() - 2).toStdString();
}

bool containsSentinel(const QJsonValue &value) {
  if (sentinelText(value)) {
    return true;
  }
  if (value.isArray()) {
    const QJsonArray array = value.toArray();
    return std::any_of(array.begin(), array.end(),
                       [](const QJsonValue &element) { return containsSentinel(element); });
  }
  if (value.isObject()) {
    const QJsonObject object = value.toObject();
    return std::any_of(object.begin(), object.end(),
                       [](const QJsonValue &element) { return containsSentinel(element); });
  }
  return false;
}

OrderedJson toOrdered(const QJsonValue &value) {
  switch (value.type()) {
  case QJsonValue::Bool:
    return OrderedJson(value.toBool());
  case QJsonValue::Double: {
    const QCborValue cbor = QCborValue::fromJsonValue(value);
    if (cbor.isInteger()) {
      return OrderedJson(static_cast<std::int64_t>(cbor.toInteger()));
    }
    return OrderedJson(value.toDouble());
  }
  case QJsonValue::String:
    return OrderedJson(value.toString().toStdString());
  case QJsonValue::Array: {
    OrderedJson::Array array;
    for (const QJsonValue &element : value.toArray()) {
      array.push_back(toOrdered(element));
    }
    return OrderedJson(std::move(array));
  }
  case QJsonValue::Object: {
    OrderedJson::Object object;
    const QJsonObject source = value.toObject();
    for (auto it = source.begin(); it != source.end(); ++it) {
      object.emplace_back(it.key().toStdString(), toOrdered(it.value()));
    }
    return OrderedJson(std::move(object));
  }
  case QJsonValue::Null:
  case QJsonValue::Undefined:
    break;
  }
  return OrderedJson();
}

// --- rendering ---------------------------------------------------------------------

void appendEscaped(std::string &out, const std::string &text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        static const char *hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[(c >> 4) & 0xf];
        out += hex[c & 0xf];
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

bool isScalar(const OrderedJson &json) {
  return !std::holds_alternative<OrderedJson::Array>(json.value) &&
         !std::holds_alternative<OrderedJson::Object>(json.value);
}

void renderScalar(const OrderedJson &json, std::string &out) {
  std::visit(
      [&out](const auto &v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (!std::isfinite(v)) {
            throw std::invalid_argument("renderJson: non-finite number");
          }
          std::string text = shortestNumber(v);
          if (text.find_first_of(".e") == std::string::npos) {
            text += ".0";
          }
          out += text;
        } else if constexpr (std::is_same_v<T, std::string>) {
          appendEscaped(out, v);
        } else if constexpr (std::is_same_v<T, OrderedJson::Raw>) {
          out += v.text;
        }
      },
      json.value);
}

constexpr std::size_t kInlineLimit = 96;

std::optional<std::string> inlineForm(const OrderedJson &json) {
  std::string out;
  if (isScalar(json)) {
    renderScalar(json, out);
    return out;
  }
  if (const auto *array = std::get_if<OrderedJson::Array>(&json.value)) {
    out += '[';
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (!isScalar((*array)[i])) {
        return std::nullopt;
      }
      out += i ? ", " : "";
      renderScalar((*array)[i], out);
    }
    out += ']';
  } else {
    const auto &object = std::get<OrderedJson::Object>(json.value);
    out += '{';
    for (std::size_t i = 0; i < object.size(); ++i) {
      if (!isScalar(object[i].second)) {
        return std::nullopt;
      }
      out += i ? ", " : "";
      appendEscaped(out, object[i].first);
      out += ": ";
      renderScalar(object[i].second, out);
    }
    out += '}';
  }
  if (out.size() > kInlineLimit) {
    return std::nullopt;
  }
  return out;
}

void render(const OrderedJson &json, int indent, bool allowInline, std::string &out) {
  if (allowInline) {
    if (const auto text = inlineForm(json)) {
      out += *text;
      return;
    }
  } else if (isScalar(json)) {
    renderScalar(json, out);
    return;
  }
  const std::string inner(static_cast<std::size_t>(indent + 2), ' ');
  if (const auto *array = std::get_if<OrderedJson::Array>(&json.value)) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < array->size(); ++i) {
      out += inner;
      render((*array)[i], indent + 2, true, out);
      out += i + 1 < array->size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "]";
    return;
  }
  const auto &object = std::get<OrderedJson::Object>(json.value);
  if (object.empty()) {
    out += "{}";
    return;
  }
  out += "{\n";
  for (std::size_t i = 0; i < object.size(); ++i) {
    out += inner;
    appendEscaped(out, object[i].first);
    out += ": ";
    render(object[i].second, indent + 2, true, out);
    out += i + 1 < object.size() ? ",\n" : "\n";
  }
  out += std::string(static_cast<std::size_t>(indent), ' ') + "}";
}

} // namespace

// --- sanitizing and parsing ----------------------------------------------------------

qsizetype SanitizedJson::originalOffset(qsizetype sanitizedOffset) const {
  qsizetype sanitizedBase = 0;
  qsizetype originalBase = 0;
  for (const auto &[sanitized, original] : offsetMap) {
    if (sanitized > sanitizedOffset) {
      break;
    }
    sanitizedBase = sanitized;
    originalBase = original;
  }
  return originalBase + (sanitizedOffset - sanitizedBase);
}

SanitizedJson sanitizeJson(const QByteArray &original) {
  SanitizedJson result;
  result.text.reserve(original.size() + 64);
  const std::string_view text(original.constData(), std::size_t(original.size()));
  const qsizetype size = original.size();
  std::vector<Context> stack;
  auto currentKey = [&stack]() -> std::string_view {
    if (stack.empty()) {
      return {};
    }
    return stack.back().isObject ? stack.back().key : stack.back().arrayKey;
  };
  auto replace = [&](qsizetype originalEnd, std::string_view token) {
    result.text += "\"\\u0001salvo:";
    result.text.append(token.data(), qsizetype(token.size()));
    result.text += '"';
    result.offsetMap.emplace_back(result.text.size(), originalEnd);
  };
  auto wordAt = [&](qsizetype at, std::string_view word) {
    const auto end = at + qsizetype(word.size());
    return end <= size && text.substr(std::size_t(at), word.size()) == word &&
           (end == size || !isIdentifierChar(text[std::size_t(end)]));
  };
  qsizetype copiedUpTo = 0; // text before this is in result.text
  auto flush = [&](qsizetype upTo) {
    result.text.append(original.constData() + copiedUpTo, upTo - copiedUpTo);
    copiedUpTo = upTo;
  };
  qsizetype i = 0;
  while (i < size) {
    const char c = text[std::size_t(i)];
    if (c == '"') {
      // Skip the string, remembering it when it is an object key.
      const qsizetype start = i;
      ++i;
      while (i < size && text[std::size_t(i)] != '"') {
        i += text[std::size_t(i)] == '\\' ? 2 : 1;
      }
      i = std::min(i + 1, size);
      if (!stack.empty() && stack.back().isObject && stack.back().expectingKey) {
        Context &context = stack.back();
        context.lastKey =
            text.substr(std::size_t(start + 1), std::size_t(std::max<qsizetype>(0, i - start - 2)));
        if (std::find(context.keys.begin(), context.keys.end(), context.lastKey) !=
                context.keys.end() &&
            result.duplicateKeyOffset < 0) {
          result.duplicateKey =
              QByteArray(context.lastKey.data(), qsizetype(context.lastKey.size()));
          result.duplicateKeyOffset = start;
        }
        // Contract objects have a dozen keys; past a few hundred, stop looking rather
        // than let a hostile file make the scan quadratic.
        if (context.keys.size() < 256) {
          context.keys.push_back(context.lastKey);
        }
        context.expectingKey = false;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      Context context;
      context.isObject = c == '{';
      context.expectingKey = context.isObject;
      context.arrayKey = currentKey();
      stack.push_back(std::move(context));
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) {
        stack.pop_back();
      }
    } else if (c == ':') {
      if (!stack.empty() && stack.back().isObject) {
        stack.back().key = stack.back().lastKey;
      }
    } else if (c == ',') {
      if (!stack.empty() && stack.back().isObject) {
        stack.back().expectingKey = true;
      }
    } else if (c == 'N' || c == 'I' || c == '-') {
      const bool negative = c == '-';
      const qsizetype word = negative ? i + 1 : i;
      std::string_view token;
      qsizetype length = 0;
      if (wordAt(word, "NaN")) {
        token = "NaN";
        length = 3;
      } else if (wordAt(word, "Infinity")) {
        token = negative ? "-Infinity" : "Infinity";
        length = 8;
      }
      if (length > 0) {
        flush(i);
        i = word + length;
        copiedUpTo = i;
        replace(i, token);
        continue;
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      qsizetype end = i + 1;
      bool isFloat = false;
      while (end < size) {
        const char d = text[std::size_t(end)];
        if (d == '.' || d == 'e' || d == 'E') {
          isFloat = true;
        } else if (!(d >= '0' && d <= '9') && d != '+' && d != '-') {
          break;
        }
        ++end;
      }
      if (isFloat && endsWithNs(currentKey())) {
        flush(i);
        const std::string token =
            std::string(kFloatTag) + std::string(text.substr(std::size_t(i), std::size_t(end - i)));
        i = end;
        copiedUpTo = i;
        replace(i, token);
      } else {
        i = end;
      }
      continue;
    }
    ++i;
  }
  flush(size);
  return result;
}

QJsonObject parseJsonObject(const QByteArray &bytes, const std::string &fileLabel) {
  if (bytes.trimmed().isEmpty()) {
    throw InputError(fileLabel, "", "", "is empty, expected a JSON object");
  }
  // Editors on Windows may start a UTF-8 file with a byte order mark; it is not JSON.
  const qsizetype bom = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
  const SanitizedJson sanitized = sanitizeJson(bytes.mid(bom));
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(sanitized.text, &error);
  if (error.error != QJsonParseError::NoError) {
    const qsizetype offset =
        std::clamp<qsizetype>(bom + sanitized.originalOffset(error.offset), 0, bytes.size());
    const qsizetype line = bytes.left(offset).count('\n') + 1;
    const qsizetype lineStart = bytes.lastIndexOf('\n', offset - 1) + 1;
    throw InputError(fileLabel, "", "",
                     "malformed JSON at byte " + std::to_string(offset) + " (line " +
                         std::to_string(line) + ", column " +
                         std::to_string(offset - lineStart + 1) +
                         "): " + error.errorString().toStdString());
  }
  if (sanitized.duplicateKeyOffset >= 0) {
    const qsizetype offset = bom + sanitized.duplicateKeyOffset;
    throw InputError(fileLabel, "", sanitized.duplicateKey.toStdString(),
                     "appears twice in one object (second at line " +
                         std::to_string(bytes.left(offset).count('\n') + 1) +
                         "): which value is meant is unclear");
  }
  if (!document.isObject()) {
    throw InputError(fileLabel, "", "", "top level is an array, expected a JSON object");
  }
  return document.object();
}

QJsonObject readJsonObjectFile(const std::filesystem::path &path) {
  const std::string label = pathLabel(path);
  const QString name = QString::fromStdString(path.string());
  const QFileInfo info(name);
  if (!info.exists()) {
    throw InputError(label, "", "", "does not exist");
  }
  if (info.isDir()) {
    throw InputError(label, "", "", "is a folder, expected a JSON file");
  }
  if (info.size() > kMaxFileBytes) {
    throw InputError(label, "", "",
                     "is " + std::to_string(info.size()) + " bytes, larger than any contract file");
  }
  QFile file(name);
  if (!file.open(QIODevice::ReadOnly)) {
    throw InputError(label, "", "", "cannot be read: " + file.errorString().toStdString());
  }
  return parseJsonObject(file.readAll(), label);
}

// --- field access --------------------------------------------------------------------

JsonFields::JsonFields(const QJsonObject &object, std::string file, std::string item)
    : object_(object), file_(std::move(file)), item_(std::move(item)) {}

bool JsonFields::has(const char *field) const {
  return object_.contains(QLatin1String(field));
}

void JsonFields::fail(const std::string &field, const std::string &problem) const {
  throw InputError(file_, item_, field, problem);
}

QJsonValue JsonFields::required(const char *field) const {
  const QJsonValue value = object_.value(QLatin1String(field));
  if (value.isUndefined()) {
    fail(field, "missing");
  }
  return value;
}

std::string JsonFields::string(const char *field) const {
  const QJsonValue value = required(field);
  if (!value.isString() || sentinelText(value)) {
    fail(field, "is " + describe(value) + ", expected a string");
  }
  return value.toString().toStdString();
}

std::string JsonFields::nonEmptyString(const char *field) const {
  std::string text = string(field);
  if (text.empty()) {
    fail(field, "is empty");
  }
  return text;
}

std::optional<std::string> JsonFields::optionalString(const char *field) const {
  if (!has(field)) {
    return std::nullopt;
  }
  return string(field);
}

double JsonFields::number(const char *field) const {
  const QJsonValue value = required(field);
  if (const auto token = sentinelText(value)) {
    if (const auto number = sentinelNumber(*token)) {
      return *number;
    }
  }
  if (!value.isDouble()) {
    fail(field, "is " + describe(value) + ", expected a number");
  }
  return value.toDouble();
}

std::optional<double> JsonFields::optionalNumber(const char *field) const {
  if (!has(field)) {
    return std::nullopt;
  }
  return number(field);
}

std::int64_t JsonFields::integer(const char *field) const {
  const QJsonValue value = required(field);
  if (!value.isDouble()) {
    fail(field, "is " + describe(value) + ", expected an integer");
  }
  const QCborValue cbor = QCborValue::fromJsonValue(value);
  if (!cbor.isInteger()) {
    fail(field, "is " + formatNumber(value.toDouble()) + ", expected an integer");
  }
  return cbor.toInteger();
}

namespace {
UtcNs toTimeNs(const QJsonValue &value, const std::function<void(const std::string &)> &fail) {
  if (const auto token = sentinelText(value)) {
    fail("is " + describe(value) + ", expected an integer number of nanoseconds");
  }
  if (!value.isDouble()) {
    fail("is " + describe(value) + ", expected an integer number of nanoseconds");
  }
  const QCborValue cbor = QCborValue::fromJsonValue(value);
  if (!cbor.isInteger()) {
    // Qt keeps every integer token that fits in 64 bits exact and turns the rest into
    // doubles: a double here is an integer beyond the int64 range.
    fail("is " + formatNumber(value.toDouble()) +
         ", outside the int64 range of nanoseconds (1677..2262)");
  }
  return cbor.toInteger();
}
} // namespace

UtcNs JsonFields::timeNs(const char *field) const {
  const QJsonValue value = required(field);
  return toTimeNs(value, [&](const std::string &problem) { fail(field, problem); });
}

UtcNs JsonFields::timeNsAt(const QJsonValue &value, const char *field, qsizetype index) const {
  return toTimeNs(value, [&](const std::string &problem) {
    fail(std::string(field) + "[" + std::to_string(index) + "]", problem);
  });
}

std::string JsonFields::nonEmptyStringAt(const QJsonValue &value, const char *field,
                                         qsizetype index) const {
  const std::string name = std::string(field) + "[" + std::to_string(index) + "]";
  if (!value.isString() || sentinelText(value)) {
    fail(name, "is " + describe(value) + ", expected a string");
  }
  std::string text = value.toString().toStdString();
  if (text.empty()) {
    fail(name, "is empty");
  }
  return text;
}

QJsonObject JsonFields::objectAt(const QJsonValue &value, const char *field,
                                 qsizetype index) const {
  if (!value.isObject()) {
    fail(std::string(field) + "[" + std::to_string(index) + "]",
         "is " + describe(value) + ", expected an object");
  }
  return value.toObject();
}

bool JsonFields::boolean(const char *field) const {
  const QJsonValue value = required(field);
  if (!value.isBool()) {
    fail(field, "is " + describe(value) + ", expected true or false");
  }
  return value.toBool();
}

std::optional<bool> JsonFields::optionalBoolean(const char *field) const {
  if (!has(field)) {
    return std::nullopt;
  }
  return boolean(field);
}

QJsonArray JsonFields::array(const char *field) const {
  const QJsonValue value = required(field);
  if (!value.isArray()) {
    fail(field, "is " + describe(value) + ", expected an array");
  }
  return value.toArray();
}

QJsonObject JsonFields::object(const char *field) const {
  const QJsonValue value = required(field);
  if (!value.isObject()) {
    fail(field, "is " + describe(value) + ", expected an object");
  }
  return value.toObject();
}

std::optional<QJsonObject> JsonFields::optionalObject(const char *field) const {
  if (!has(field)) {
    return std::nullopt;
  }
  return object(field);
}

std::map<std::string, std::string>
JsonFields::extras(std::initializer_list<const char *> known) const {
  std::map<std::string, std::string> result;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    const std::string key = it.key().toStdString();
    if (std::any_of(known.begin(), known.end(), [&key](const char *name) { return key == name; })) {
      continue;
    }
    if (containsSentinel(it.value())) {
      fail(key, "holds NaN, Infinity or a float time, which JSON cannot carry");
    }
    result.emplace(key, compactJson(it.value()));
  }
  return result;
}

// --- checks --------------------------------------------------------------------------

void checkFinite(double value, const std::string &file, const std::string &item,
                 const char *field) {
  if (!std::isfinite(value)) {
    throw InputError(file, item, field, "is " + formatNumber(value));
  }
}

void checkRange(double value, double low, double high, const std::string &file,
                const std::string &item, const char *field, const char *unit) {
  checkFinite(value, file, item, field);
  if (value < low || value > high) {
    throw InputError(file, item, field,
                     "is " + formatNumber(value) + std::string(unit) + ", outside " +
                         formatNumber(low) + ".." + formatNumber(high) + std::string(unit));
  }
}

void checkPositive(double value, const std::string &file, const std::string &item,
                   const char *field) {
  checkFinite(value, file, item, field);
  if (!(value > 0.0)) {
    throw InputError(file, item, field, "is " + formatNumber(value) + ", must be positive");
  }
}

void checkLatLon(double lat_deg, double lon_deg, const std::string &file, const std::string &item) {
  checkRange(lat_deg, -90.0, 90.0, file, item, "lat");
  checkRange(lon_deg, -180.0, 180.0, file, item, "lon");
}

void DuplicateIds::add(const std::string &id, std::size_t index, const std::string &file,
                       const char *what) {
  const auto [it, inserted] = seen_.emplace(id, index);
  if (!inserted) {
    throw InputError(file, std::string(what) + " " + id, "id",
                     "duplicate: entries #" + std::to_string(it->second + 1) + " and #" +
                         std::to_string(index + 1) + " both use it");
  }
}

// --- writing -------------------------------------------------------------------------

std::string renderJson(const OrderedJson &json) {
  std::string out;
  render(json, 0, false, out);
  out += '\n';
  return out;
}

void writeTextFile(const std::filesystem::path &path, const std::string &text) {
  QSaveFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::WriteOnly)) {
    throw InputError(pathLabel(path), "", "",
                     "cannot be written: " + file.errorString().toStdString());
  }
  const QByteArray bytes = QByteArray::fromStdString(text);
  if (file.write(bytes) != bytes.size() || !file.commit()) {
    throw InputError(pathLabel(path), "", "",
                     "cannot be written: " + file.errorString().toStdString());
  }
}

void appendExtras(OrderedJson::Object &object, const std::map<std::string, std::string> &extras,
                  const std::string &file, const std::string &item) {
  for (const auto &[key, text] : extras) {
    const bool clash = std::any_of(object.begin(), object.end(),
                                   [&key](const auto &member) { return member.first == key; });
    if (clash) {
      throw InputError(file, item, key, "extra field repeats a contract field");
    }
    QJsonParseError error{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString("[" + text + "]"), &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
      throw InputError(file, item, key, "extra field is not one JSON value: " + text);
    }
    object.emplace_back(key, toOrdered(document.array().at(0)));
  }
}

std::string pathLabel(const std::filesystem::path &path) {
  return path.string();
}

} // namespace salvo::contract
