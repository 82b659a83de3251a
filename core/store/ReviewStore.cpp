#include "store/ReviewStore.h"

#include "store/AuditLog.h"
#include "store/IncidentStore.h"
#include "store/StoreError.h"
#include "store/UserStore.h"

#include <initializer_list>

namespace salvo {
namespace {

// The acting user, checked for existence, activity and one of the allowed roles.
StoredUser requireUser(Database &database, std::string_view userName,
                       std::initializer_list<UserRole> allowed, std::string_view doing) {
  UserStore users(database, std::string(userName));
  const std::optional<StoredUser> user = users.find(userName);
  const std::string item = "user " + std::string(userName);
  if (!user) {
    throw InputError(database.fileName(), item, {}, "no such user");
  }
  if (!user->active) {
    throw InputError(database.fileName(), item, {}, "is deactivated");
  }
  for (UserRole role : allowed) {
    if (user->role == role) {
      return *user;
    }
  }
  throw InputError(database.fileName(), item, "role",
                   "is " + std::string(userRoleName(user->role)) + ", which may not " +
                       std::string(doing));
}

void requireIncident(Database &database, std::int64_t incidentRowId) {
  Statement row(database, "SELECT 1 FROM incidents WHERE id = ?");
  row.bind(1, incidentRowId);
  if (!row.step()) {
    throw InputError(database.fileName(), "incident " + std::to_string(incidentRowId), {},
                     "no such incident");
  }
}

} // namespace

std::string_view reviewDecisionName(ReviewDecision decision) {
  return decision == ReviewDecision::Confirmed ? "confirmed" : "dismissed";
}

std::optional<ReviewDecision> parseReviewDecision(std::string_view name) {
  if (name == "confirmed") {
    return ReviewDecision::Confirmed;
  }
  if (name == "dismissed") {
    return ReviewDecision::Dismissed;
  }
  return std::nullopt;
}

ReviewStore::ReviewStore(Database &database) : database_(database) {}

std::int64_t ReviewStore::recordReview(std::int64_t incidentRowId, std::string_view userName,
                                       ReviewDecision decision,
                                       std::optional<IncidentClass> newClass,
                                       std::string_view reason) {
  if (reason.empty()) {
    throw InputError(database_.fileName(), "review of incident " + std::to_string(incidentRowId),
                     "reason", "is required");
  }
  Transaction transaction(database_);
  const StoredUser user =
      requireUser(database_, userName, {UserRole::Analyst, UserRole::Admin}, "review incidents");
  requireIncident(database_, incidentRowId);
  Statement insert(database_, "INSERT INTO reviews (incident, user, decision, class, reason, "
                              "time_utc_ns) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, incidentRowId).bind(2, user.id).bind(3, reviewDecisionName(decision));
  if (newClass) {
    insert.bind(4, incidentClassName(*newClass));
  } else {
    insert.bindNull(4);
  }
  insert.bind(5, reason).bind(6, nowUtc_ns());
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(user.name, "insert", "review", id);
  IncidentStore(database_, user.name)
      .setStatusInTransaction(incidentRowId,
                              decision == ReviewDecision::Confirmed ? IncidentStatus::Confirmed
                                                                    : IncidentStatus::Dismissed,
                              newClass);
  transaction.commit();
  return id;
}

std::vector<StoredReview> ReviewStore::reviewsOf(std::int64_t incidentRowId) {
  Statement rows(database_, "SELECT r.id, r.incident, u.name, r.decision, r.class, r.reason, "
                            "r.time_utc_ns FROM reviews r JOIN users u ON u.id = r.user "
                            "WHERE r.incident = ? ORDER BY r.id");
  rows.bind(1, incidentRowId);
  std::vector<StoredReview> reviews;
  while (rows.step()) {
    StoredReview review;
    review.id = rows.columnInt64(0);
    review.incident = rows.columnInt64(1);
    review.user = rows.columnText(2);
    review.decision = parseReviewDecision(rows.columnText(3)).value_or(ReviewDecision::Dismissed);
    if (rows.columnType(4) != Statement::ColumnType::Null) {
      review.incidentClass = parseIncidentClass(rows.columnText(4));
    }
    review.reason = rows.columnText(5);
    review.time_utc_ns = rows.columnInt64(6);
    reviews.push_back(std::move(review));
  }
  return reviews;
}

DispatchStore::DispatchStore(Database &database) : database_(database) {}

std::int64_t DispatchStore::recordDispatch(std::int64_t incidentRowId, std::string_view userName,
                                           std::string_view unit, std::string_view note) {
  if (unit.empty()) {
    throw InputError(database_.fileName(), "dispatch to incident " + std::to_string(incidentRowId),
                     "unit", "is required");
  }
  Transaction transaction(database_);
  const StoredUser user =
      requireUser(database_, userName, {UserRole::Dispatcher, UserRole::Admin}, "dispatch units");
  requireIncident(database_, incidentRowId);
  Statement insert(database_, "INSERT INTO dispatches (incident, user, unit, note, time_utc_ns) "
                              "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, incidentRowId).bind(2, user.id).bind(3, unit).bind(4, note);
  insert.bind(5, nowUtc_ns());
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(user.name, "insert", "dispatch", id);
  IncidentStore(database_, user.name)
      .setStatusInTransaction(incidentRowId, IncidentStatus::Dispatched);
  transaction.commit();
  return id;
}

std::vector<StoredDispatch> DispatchStore::dispatchesOf(std::int64_t incidentRowId) {
  Statement rows(database_, "SELECT d.id, d.incident, u.name, d.unit, d.note, d.time_utc_ns "
                            "FROM dispatches d JOIN users u ON u.id = d.user "
                            "WHERE d.incident = ? ORDER BY d.id");
  rows.bind(1, incidentRowId);
  std::vector<StoredDispatch> dispatches;
  while (rows.step()) {
    StoredDispatch dispatch;
    dispatch.id = rows.columnInt64(0);
    dispatch.incident = rows.columnInt64(1);
    dispatch.user = rows.columnText(2);
    dispatch.unit = rows.columnText(3);
    dispatch.note = rows.columnText(4);
    dispatch.time_utc_ns = rows.columnInt64(5);
    dispatches.push_back(std::move(dispatch));
  }
  return dispatches;
}

} // namespace salvo
