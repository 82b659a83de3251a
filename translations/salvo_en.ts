<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DeskCommandLine</name>
    <message>
        <source>Salvo desk: live gunfire alerts on a map, incident review and sensor network management.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the scenario folder &lt;dir&gt; at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the main window to the PNG image &lt;file&gt; and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: wait &lt;seconds&gt; (default 1) and for the scenario to load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the language &lt;code&gt; for this run: en or es.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use en or es.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--after needs a number of seconds between 0 and 3600, not &quot;%1&quot;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--after only applies with --screenshot.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the built-in demo city: a simulated sensor network with live incidents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on the default audio input as one local sensor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the scenario folder &lt;dir&gt; as live audio through the detection pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --replay: play at &lt;factor&gt; times real time (1-60).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep incidents, reviews and users in the store &lt;file&gt; (default: the application data folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as &lt;name&gt; without the sign-in dialog (needs --password-file or SALVO_DESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --user: read the password from the first line of &lt;file&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--speed needs a factor between 1 and 60, not &quot;%1&quot;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only one of --demo, --replay, --audio-input and --scenario.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--password-file only applies with --user.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskSignIn</name>
    <message>
        <source>analyst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentReportWriter</name>
    <message>
        <source>Incident report %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the PDF file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salvo incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident %1 (store row #%2, source %3) — printed %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (confidence %2 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First shot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 (WGS84), ±%3 m (95 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waveforms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatched %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 %3%4: “%5”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not dispatched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 sent %3. %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio evidence stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each record chains to the one before by SHA-256; check the whole file with: salvo-cli audit verify --db FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::AboutDialog</name>
    <message>
        <source>About Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detects, locates and classifies gunfire from a network of outdoor acoustic sensors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libraries in use:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::AccuracyLayer</name>
    <message>
        <source>Accuracy (95 % error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 % location error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0.1 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::AlertBanner</name>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n round(s) at %2, %3 UTC</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>salvo::ClipPlayer</name>
    <message>
        <source>There is no clip to play.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio output is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio output device is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audio device would not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audio device could not be opened at %1 Hz: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PortAudio is not running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::CoverageLayer</name>
    <message numerus="yes">
        <source>Coverage (at least %n sensors)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>P(shot heard by ≥ %1 sensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>50 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::DeskSession</name>
    <message>
        <source>Incidents are not being stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No classifier, incidents are shown as Other: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::DispatchDialog</name>
    <message>
        <source>Dispatch incident %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAP 1.2 XML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://cad.example.org/alerts (set in Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAD webhook:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send to dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;PDF report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CAD webhook is configured: enter its URL or set it in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not dispatched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatched: the CAD system accepted CAP %1 (HTTP %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CAD system accepted the alert, but recording the dispatch failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::HealthPanel</name>
    <message>
        <source>UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise floor (dBFS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock offset (ms), battery (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s): see the red rows.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>noise floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clock offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>battery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTC — sensor %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::HealthTableModel</name>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clock fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abnormal noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low battery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overheating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock offset (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise floor (dBFS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last pulse (s ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Battery (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enclosure (°C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::HeatMapLayer</name>
    <message>
        <source>Heat map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::IncidentFilterBar</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lass:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence &amp;≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address or coordinates (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every incident (Escape in a filter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::IncidentLayer</name>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::IncidentTableModel</name>
    <message>
        <source>%1, %2 ± %3 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gunfire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fireworks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::MainWindow</name>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario folder: sensors.json and its audio files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit Map to Sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No incidents yet.

Detected incidents appear here, newest first, as soon as the sensors hear them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scenario open.

File → Open Scenario… lists its sensors here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sensor(s)</source>
        <translation>
            <numerusform>%n sensor</numerusform>
            <numerusform>%n sensors</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2 UTC (%3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Scenario Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 with %n warning(s): %2</source>
        <translation>
            <numerusform>Opened %1 with %n warning: %2</numerusform>
            <numerusform>Opened %1 with %n warnings: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salvo could not open the scenario folder
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 UTC, %n incident(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay finished: %n incident(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The live source could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay Scenario Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;Demo City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A simulated sensor network with live incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay Scenario as Live…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play a scenario folder through the live pipeline at ten times real time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on &amp;Audio Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The computer&apos;s sound input as one local sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop Live Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fireworks &amp;Surge (Demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Year&apos;s Eve in the demo city: a hundred times the fireworks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dispatch Incident…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected, confirmed incident to the dispatch system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo city…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Live: %n sensor(s) listening</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open the store %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fi&amp;lter Incidents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Narrow the queue by class, status, confidence or place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo account (analyst and dispatcher, demo store)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor %1: clock reads %2 ms off; left out of location from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor %1 is offline: no audio from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::MbTilesSource</name>
    <message>
        <source>MBTiles file %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open MBTiles file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an MBTiles file (no tiles table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tile %1/%2/%3 in the MBTiles file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::NetworkManagerWidget</name>
    <message>
        <source>Registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage: ≥ 3 sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage: ≥ 4 sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planning mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a map to place a proposed sensor, drag it to see the maps change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggest next site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add proposed sensor to registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No maps: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heard by ≥ 3 sensors (P ≥ 0.9): %1 km², by ≥ 4: %2 km² — computed in %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; suggested site adds %1 km²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No site adds coverage.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::NetworkSensorLayer</name>
    <message>
        <source>Network sensors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::RegistryModel</name>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latitude (°)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longitude (°)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Altitude (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise floor (dB SPL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::RegistryPanel</name>
    <message>
        <source>Add sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a sensor at the centre of the map; edit its position in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire the selected sensor: it keeps its id and history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensor registry (*.csv *.geojson *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not import: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv);;GeoJSON (*.geojson)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::ReviewDecisionBar</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Confirm (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reject (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm as the chosen class; the reason is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the incident; the reason is required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::ReviewPanel</name>
    <message>
        <source>No incident selected.

Select an incident in the queue to review it: per-sensor waveforms, spectrogram and playback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the reason for the decision and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This incident cannot be shown: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio evidence is stored for this incident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loading the evidence of %n sensor(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 s of %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an incident from the store can be reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as an analyst to review incidents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The review was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1× speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0.5× speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0.25× speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 UTC · %2, %3 ± %4 m · %5 %6 % · %7 rounds · sensors %8</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::ScreenshotTaker</name>
    <message>
        <source>Cannot write the screenshot to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::SensorLayer</name>
    <message>
        <source>Sensors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::SensorTableModel</name>
    <message>
        <source>Sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latitude (°)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longitude (°)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Altitude (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate (Hz)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock fault (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no web tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no online look-ups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tile URL template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline &amp;MBTiles file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MBTiles (*.mbtiles);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tile &amp;attribution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reverse geocoding URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address &amp;points file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address points (*.csv *.geojson *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAD &amp;webhook URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address Points</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::SignInDialog</name>
    <message>
        <source>Enter a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In — Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with your Salvo account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the Administrator — Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk has no users yet. Choose the administrator&apos;s name and password; the administrator then adds dispatchers and analysts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::SpectrogramView</name>
    <message>
        <source>Time from predicted arrival (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kHz</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::TileMapWidget</name>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain map (no tile source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: plain map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · offline: plain map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::WaveformView</name>
    <message>
        <source>Time from predicted arrival (s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>salvo::XyzTileSource</name>
    <message>
        <source>© OpenStreetMap contributors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s answer for %1 is not an image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
