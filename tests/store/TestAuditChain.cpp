#include "StoreTestSupport.h"

#include "store/AuditLog.h"
#include "store/Canonical.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

class TestAuditChain : public QObject {
  Q_OBJECT

private slots:
  void sha256OfKnownVectors() {
    // FIPS 180-2 appendix B.1.
    QCOMPARE(toHex(sha256(std::string_view("abc"))),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const Sha256 zero{};
    QCOMPARE(sha256Chained(zero, "abc"), sha256(std::string(32, '\0') + std::string("abc")));
    QCOMPARE(sha256FromHex(toHex(sha256(std::string_view("abc")))),
             std::optional<Sha256>(sha256(std::string_view("abc"))));
    QVERIFY(!sha256FromHex("xyz"));
  }

  void canonicalTextIsExactAndStable() {
    QCOMPARE(canonicalNumber(2.0), std::string("2.0"));
    QCOMPARE(canonicalNumber(0.1), std::string("0.1"));
    QCOMPARE(canonicalNumber(-87.63632353), std::string("-87.63632353"));
    QCOMPARE(canonicalNumber(std::int64_t(1783264461932663336)),
             std::string("1783264461932663336"));
    // Shortest round trip: the text reads back to the very same double.
    const double awkward = 41.874292890000003;
    QCOMPARE(std::stod(canonicalNumber(awkward)), awkward);
    QCOMPARE(canonicalString("a\"b\\c\n\x01"), std::string("\"a\\\"b\\\\c\\n\\u0001\""));
  }

  void chainLinksEveryRecordAndHistoryFollowsChanges() {
    QTemporaryDir dir;
    Database database = openStore(dir.filePath(QStringLiteral("a.sqlite")).toStdString());
    storetest::addSensors(database);
    IncidentStore store(database, "test");
    std::mt19937_64 random(9);
    const Incident incident = storetest::randomIncident(random, 1);
    const std::int64_t id = store.insertBatch({&incident, 1}, "t").at(0);
    {
      Transaction transaction(database);
      store.setStatusInTransaction(id, IncidentStatus::Confirmed);
      transaction.commit();
    }
    AuditLog log(database);
    const std::vector<AuditRecord> history = log.history("incident", id);
    QCOMPARE(history.size(), std::size_t(2));
    QCOMPARE(history[0].action, std::string("insert"));
    QCOMPARE(history[1].action, std::string("update"));
    QVERIFY(history[1].seq > history[0].seq);
    QCOMPARE(history[1].hash,
             sha256Chained(history[1].prev_hash, canonicalAuditRecord(history[1])));
    QCOMPARE(*log.canonicalEntity("incident", id), history[1].content);
    QCOMPARE(log.head()->hash, history[1].hash);

    AuditVerification ok = verifyAudit(database, history[0].hash);
    QVERIFY2(ok.ok, ok.problem.c_str());
    QCOMPARE(ok.head, history[1].hash);
    QCOMPARE(ok.records, log.count());

    // Putting the old status back by hand is still a change the trail did not see.
    database.exec("UPDATE incidents SET status = 'new' WHERE id = " + std::to_string(id));
    const AuditVerification caught = verifyAudit(database);
    QVERIFY(!caught.ok);
    QCOMPARE(caught.entity, std::string("incident"));
    QCOMPARE(caught.entity_id, std::optional<std::int64_t>(id));
    QCOMPARE(caught.seq, std::optional<std::int64_t>(history[1].seq));
    QVERIFY2(caught.problem.find("row.status recorded \"confirmed\", now \"new\"") !=
                 std::string::npos,
             caught.problem.c_str());
  }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "TestAuditChain.moc"
