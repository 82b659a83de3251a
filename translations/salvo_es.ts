<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>DeskCommandLine</name>
    <message>
        <source>Salvo desk: live gunfire alerts on a map, incident review and sensor network management.</source>
        <translation>Puesto de Salvo: alertas de disparos en directo sobre un mapa, revisión de incidentes y gestión de la red de sensores.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Muestra esta ayuda y sale.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Muestra la versión y sale.</translation>
    </message>
    <message>
        <source>Open the scenario folder &lt;dir&gt; at start.</source>
        <translation>Abre al inicio la carpeta de escenario &lt;carpeta&gt;.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>carpeta</translation>
    </message>
    <message>
        <source>Render the main window to the PNG image &lt;file&gt; and exit.</source>
        <translation>Guarda la ventana principal en la imagen PNG &lt;archivo&gt; y sale.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>With --screenshot: wait &lt;seconds&gt; (default 1) and for the scenario to load.</source>
        <translation>Con --screenshot: espera &lt;segundos&gt; (1 por omisión) y a que se cargue el escenario.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>Use the language &lt;code&gt; for this run: en or es.</source>
        <translation>Usa el idioma &lt;código&gt; en esta ejecución: en o es.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>código</translation>
    </message>
    <message>
        <source>Unexpected argument: %1
</source>
        <translation>Argumento inesperado: %1
</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use en or es.
</source>
        <translation>Idioma desconocido «%1»: use en o es.
</translation>
    </message>
    <message>
        <source>--after needs a number of seconds between 0 and 3600, not &quot;%1&quot;.
</source>
        <translation>--after necesita un número de segundos entre 0 y 3600, no «%1».
</translation>
    </message>
    <message>
        <source>--after only applies with --screenshot.
</source>
        <translation>--after solo se aplica junto con --screenshot.
</translation>
    </message>
</context>
<context>
    <name>salvo::AboutDialog</name>
    <message>
        <source>About Salvo</source>
        <translation>Acerca de Salvo</translation>
    </message>
    <message>
        <source>Detects, locates and classifies gunfire from a network of outdoor acoustic sensors.</source>
        <translation>Detecta, localiza y clasifica disparos a partir de una red de sensores acústicos de exterior.</translation>
    </message>
    <message>
        <source>Libraries in use:</source>
        <translation>Bibliotecas en uso:</translation>
    </message>
</context>
<context>
    <name>salvo::IncidentTableModel</name>
    <message>
        <source>%1, %2 ± %3 m</source>
        <translation>%1, %2 ± %3 m</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Disparos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensores</translation>
    </message>
    <message>
        <source>Gunfire</source>
        <translation>Disparos de arma</translation>
    </message>
    <message>
        <source>Fireworks</source>
        <translation>Pirotecnia</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Descartado</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuevo</translation>
    </message>
</context>
<context>
    <name>salvo::MainWindow</name>
    <message>
        <source>Opening %1…</source>
        <translation>Abriendo %1…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;Open Scenario…</source>
        <translation>&amp;Abrir escenario…</translation>
    </message>
    <message>
        <source>Open a scenario folder: sensors.json and its audio files</source>
        <translation>Abre una carpeta de escenario: sensors.json y sus archivos de audio</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>&amp;Vaciar la lista</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Fit Map to Sensors</source>
        <translation>&amp;Encuadrar el mapa en los sensores</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>&amp;Restablecer la disposición</translation>
    </message>
    <message>
        <source>&amp;About Salvo</source>
        <translation>&amp;Acerca de Salvo</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>Incident Queue</source>
        <translation>Cola de incidentes</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensores</translation>
    </message>
    <message>
        <source>No incidents yet.

Detected incidents appear here, newest first, as soon as the sensors hear them.</source>
        <translation>Aún no hay incidentes.

Los incidentes detectados aparecen aquí, los más recientes primero, en cuanto los sensores los oyen.</translation>
    </message>
    <message>
        <source>No scenario open.

File → Open Scenario… lists its sensors here.</source>
        <translation>No hay ningún escenario abierto.

Archivo → Abrir escenario… muestra aquí sus sensores.</translation>
    </message>
    <message>
        <source>Salvo</source>
        <translation>Salvo</translation>
    </message>
    <message>
        <source>No scenario</source>
        <translation>Sin escenario</translation>
    </message>
    <message>
        <source>%1 — Salvo</source>
        <translation>%1 — Salvo</translation>
    </message>
    <message>
        <source>Scenario: %1</source>
        <translation>Escenario: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sensor(s)</source>
        <translation>
            <numerusform>%n sensor</numerusform>
            <numerusform>%n sensores</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2 UTC (%3 s)</source>
        <translation>%1 – %2 UTC (%3 s)</translation>
    </message>
    <message>
        <source>No recent scenarios</source>
        <translation>No hay escenarios recientes</translation>
    </message>
    <message>
        <source>Open Scenario Folder</source>
        <translation>Abrir carpeta de escenario</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 with %n warning(s): %2</source>
        <translation>
            <numerusform>Abierto %1 con %n aviso: %2</numerusform>
            <numerusform>Abierto %1 con %n avisos: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Abierto %1</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>No se pudo abrir %1: %2</translation>
    </message>
    <message>
        <source>Cannot Open Scenario</source>
        <translation>No se puede abrir el escenario</translation>
    </message>
    <message>
        <source>Salvo could not open the scenario folder
%1</source>
        <translation>Salvo no pudo abrir la carpeta de escenario
%1</translation>
    </message>
</context>
<context>
    <name>salvo::ReviewPanel</name>
    <message>
        <source>No incident selected.

Select an incident in the queue to review it: per-sensor waveforms, spectrogram and playback.</source>
        <translation>Ningún incidente seleccionado.

Seleccione un incidente en la cola para revisarlo: formas de onda de cada sensor, espectrograma y reproducción.</translation>
    </message>
    <message>
        <source>Incident %1</source>
        <translation>Incidente %1</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>%1, %2 ± %3 m</source>
        <translation>%1, %2 ± %3 m</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Disparos</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensores</translation>
    </message>
</context>
<context>
    <name>salvo::ScreenshotTaker</name>
    <message>
        <source>Cannot write the screenshot to %1</source>
        <translation>No se puede guardar la captura en %1</translation>
    </message>
</context>
<context>
    <name>salvo::SensorMapWidget</name>
    <message>
        <source>Sensor map</source>
        <translation>Mapa de sensores</translation>
    </message>
    <message>
        <source>%1
%2°, %3°
%4 m above the ellipsoid</source>
        <translation>%1
%2°, %3°
%4 m sobre el elipsoide</translation>
    </message>
    <message>
        <source>N</source>
        <comment>north arrow</comment>
        <translation>N</translation>
    </message>
    <message>
        <source>Plain map · centre %1°, %2°</source>
        <translation>Mapa simple · centro %1°, %2°</translation>
    </message>
    <message>
        <source>No scenario open.

Choose File → Open Scenario… (Ctrl+O) to show its sensors on the map.</source>
        <translation>No hay ningún escenario abierto.

Elija Archivo → Abrir escenario… (Ctrl+O) para ver sus sensores en el mapa.</translation>
    </message>
</context>
<context>
    <name>salvo::SensorTableModel</name>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Latitude (°)</source>
        <translation>Latitud (°)</translation>
    </message>
    <message>
        <source>Longitude (°)</source>
        <translation>Longitud (°)</translation>
    </message>
    <message>
        <source>Altitude (m)</source>
        <translation>Altitud (m)</translation>
    </message>
    <message>
        <source>Rate (Hz)</source>
        <translation>Frecuencia (Hz)</translation>
    </message>
    <message>
        <source>Start (UTC)</source>
        <translation>Inicio (UTC)</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Duración (s)</translation>
    </message>
</context>
<context>
    <name>salvo::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
</context>
</TS>
