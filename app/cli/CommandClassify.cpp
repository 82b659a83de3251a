#include "CliCommand.h"
#include "classify/ClassifierModel.h"
#include "classify/TrainingExamples.h"
#include "common/InputError.h"
#include "contract/Incidents.h"

#include <stdexcept>

namespace salvo::cli {
namespace {

int runClassify(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Classify one recording as gunfire, fireworks or other. The clip model sees pulse "
      "shape and cadence only: with one microphone the distance, hence the source level, "
      "and the source height are unknown."));
  const QCommandLineOption jsonOption(QStringLiteral("json"),
                                      QStringLiteral("Print the acoustic-clip-class/1 JSON."));
  const QCommandLineOption modelOption(
      QStringLiteral("model"), QStringLiteral("Classifier model file (default: the shipped one)."),
      QStringLiteral("FILE"));
  const QCommandLineOption fullScaleOption(
      QStringLiteral("full-scale-pa"),
      QStringLiteral("Pascal that a sample value of 1.0 means (levels only; default 200)."),
      QStringLiteral("PA"), QStringLiteral("200"));
  parser.addOptions({jsonOption, modelOption, fullScaleOption});
  parser.addPositionalArgument(QStringLiteral("CLIP"), QStringLiteral("WAV or FLAC recording."));
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  if (parser.positionalArguments().size() != 1) {
    err() << "salvo-cli classify: give exactly one recording\n"
          << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  bool ok = false;
  const double fullScale = parser.value(fullScaleOption).toDouble(&ok);
  if (!ok || !(fullScale > 0.0)) {
    err() << "salvo-cli classify: --full-scale-pa must be a positive number\n";
    err().flush();
    return kExitUsage;
  }
  const QString clipArg = parser.positionalArguments().front();
  try {
    const std::filesystem::path modelPath =
        parser.isSet(modelOption) ? std::filesystem::path(parser.value(modelOption).toStdString())
                                  : defaultClassifierModelPath();
    const ClassifierModel model = loadClassifierModel(modelPath);
    const std::vector<Pulse> pulses = detectRecordingPulses(clipArg.toStdString(), 0, fullScale, 0);
    const Classification result = classifyClip(model, pulses);

    ClipClassification clip;
    clip.file = clipArg.toStdString();
    clip.incidentClass = result.incidentClass;
    clip.confidence = result.confidence;
    for (int c = 0; c < kClassCount; ++c) {
      clip.scores[std::string(incidentClassName(static_cast<IncidentClass>(c)))] =
          result.scores[std::size_t(c)];
    }
    if (parser.isSet(jsonOption)) {
      out() << QString::fromStdString(clipClassificationToJson(clip)) << "\n";
    } else {
      out() << clipArg << ": " << incidentClassName(result.incidentClass).data() << " "
            << QString::number(result.confidence, 'f', 2) << "  (";
      for (int c = 0; c < kClassCount; ++c) {
        out() << (c > 0 ? ", " : "") << incidentClassName(static_cast<IncidentClass>(c)).data()
              << " " << QString::number(result.scores[std::size_t(c)], 'f', 3);
      }
      out() << ")\n  impulses: " << result.rounds;
      if (result.incidentClass == IncidentClass::Gunfire) {
        out() << ", " << (result.automatic ? "automatic" : "semi-automatic")
              << (result.rifle ? ", rifle (N-wave crack before the blast)" : "");
      }
      out() << "\n";
    }
    out().flush();
  } catch (const InputError &error) {
    err() << "salvo-cli classify: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::invalid_argument &error) {
    err() << "salvo-cli classify: " << clipArg << ": " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("classify", "Classify one recording as gunfire, fireworks or other", runClassify);

} // namespace salvo::cli
