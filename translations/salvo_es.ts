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
    <message>
        <source>Run the built-in demo city: a simulated sensor network with live incidents.</source>
        <translation>Ejecuta la ciudad de demostración integrada: una red de sensores simulada con incidentes en directo.</translation>
    </message>
    <message>
        <source>Listen on the default audio input as one local sensor.</source>
        <translation>Escucha en la entrada de audio predeterminada como un sensor local.</translation>
    </message>
    <message>
        <source>Play the scenario folder &lt;dir&gt; as live audio through the detection pipeline.</source>
        <translation>Reproduce la carpeta de escenario &lt;carpeta&gt; como audio en directo a través de la cadena de detección.</translation>
    </message>
    <message>
        <source>With --replay: play at &lt;factor&gt; times real time (1-60).</source>
        <translation>Con --replay: reproduce a &lt;factor&gt; veces el tiempo real (1-60).</translation>
    </message>
    <message>
        <source>factor</source>
        <translation>factor</translation>
    </message>
    <message>
        <source>Keep incidents, reviews and users in the store &lt;file&gt; (default: the application data folder).</source>
        <translation>Guarda incidentes, revisiones y usuarios en el almacén &lt;archivo&gt; (por omisión: la carpeta de datos de la aplicación).</translation>
    </message>
    <message>
        <source>Sign in as &lt;name&gt; without the sign-in dialog (needs --password-file or SALVO_DESK_PASSWORD).</source>
        <translation>Inicia sesión como &lt;nombre&gt; sin el diálogo de inicio de sesión (requiere --password-file o SALVO_DESK_PASSWORD).</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>With --user: read the password from the first line of &lt;file&gt;.</source>
        <translation>Con --user: lee la contraseña de la primera línea de &lt;archivo&gt;.</translation>
    </message>
    <message>
        <source>--speed needs a factor between 1 and 60, not &quot;%1&quot;.
</source>
        <translation>--speed necesita un factor entre 1 y 60, no «%1».
</translation>
    </message>
    <message>
        <source>Use only one of --demo, --replay, --audio-input and --scenario.
</source>
        <translation>Use solo una de las opciones --demo, --replay, --audio-input y --scenario.
</translation>
    </message>
    <message>
        <source>--password-file only applies with --user.
</source>
        <translation>--password-file solo se aplica junto con --user.
</translation>
    </message>
</context>
<context>
    <name>DeskSignIn</name>
    <message>
        <source>analyst</source>
        <translation>analista</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrador</translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation>despachador</translation>
    </message>
    <message>
        <source>Wrong user name or password for %1.</source>
        <translation>Nombre de usuario o contraseña incorrectos para %1.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Nombre de usuario o contraseña incorrectos.</translation>
    </message>
</context>
<context>
    <name>IncidentReportWriter</name>
    <message>
        <source>Incident report %1</source>
        <translation>Informe del incidente %1</translation>
    </message>
    <message>
        <source>Cannot write the PDF file %1.</source>
        <translation>No se puede escribir el archivo PDF %1.</translation>
    </message>
    <message>
        <source>Salvo incident report</source>
        <translation>Informe de incidente de Salvo</translation>
    </message>
    <message>
        <source>Incident %1 (store row #%2, source %3) — printed %4</source>
        <translation>Incidente %1 (fila n.º %2 del almacén, fuente %3) — impreso el %4</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>%1 (confidence %2 %)</source>
        <translation>%1 (confianza %2 %)</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Disparos</translation>
    </message>
    <message>
        <source>First shot</source>
        <translation>Primer disparo</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Posición</translation>
    </message>
    <message>
        <source>%1, %2 (WGS84), ±%3 m (95 %)</source>
        <translation>%1, %2 (WGS84), ±%3 m (95 %)</translation>
    </message>
    <message>
        <source>Nearest address</source>
        <translation>Dirección más cercana</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensores</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Waveforms</source>
        <translation>Formas de onda</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Cronología</translation>
    </message>
    <message>
        <source>Shot %1</source>
        <translation>Disparo %1</translation>
    </message>
    <message>
        <source>Stored in Salvo</source>
        <translation>Almacenado en Salvo</translation>
    </message>
    <message>
        <source>Review by %1: %2</source>
        <translation>Revisión de %1: %2</translation>
    </message>
    <message>
        <source>Dispatched %1 by %2</source>
        <translation>Despacho de %1 por %2</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>Revisiones</translation>
    </message>
    <message>
        <source>Not reviewed.</source>
        <translation>Sin revisar.</translation>
    </message>
    <message>
        <source>, as %1</source>
        <translation>, como %1</translation>
    </message>
    <message>
        <source>%1 — %2 %3%4: “%5”</source>
        <translation>%1 — %2 (%3%4): «%5»</translation>
    </message>
    <message>
        <source>Dispatches</source>
        <translation>Despachos</translation>
    </message>
    <message>
        <source>Not dispatched.</source>
        <translation>Sin despachar.</translation>
    </message>
    <message>
        <source>%1 — %2 sent %3. %4</source>
        <translation>%1 — %2 envió %3. %4</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Pruebas</translation>
    </message>
    <message>
        <source>No audio evidence stored.</source>
        <translation>No hay pruebas de audio almacenadas.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Each record chains to the one before by SHA-256; check the whole file with: salvo-cli audit verify --db FILE</source>
        <translation>Cada registro se encadena con el anterior mediante SHA-256; compruebe el archivo completo con: salvo-cli audit verify --db ARCHIVO</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Sec.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
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
    <name>salvo::AccuracyLayer</name>
    <message>
        <source>Accuracy (95 % error)</source>
        <translation>Precisión (error al 95 %)</translation>
    </message>
    <message>
        <source>95 % location error</source>
        <translation>Error de localización al 95 %</translation>
    </message>
    <message>
        <source>0.1 m</source>
        <translation>0,1 m</translation>
    </message>
    <message>
        <source>1 m</source>
        <translation>1 m</translation>
    </message>
    <message>
        <source>10 m</source>
        <translation>10 m</translation>
    </message>
    <message>
        <source>100 m</source>
        <translation>100 m</translation>
    </message>
</context>
<context>
    <name>salvo::AlertBanner</name>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Dismiss the alert</source>
        <translation>Descartar la alerta</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n round(s) at %2, %3 UTC</source>
        <translation>
            <numerusform>%1 — %n disparo en %2, %3 UTC</numerusform>
            <numerusform>%1 — %n disparos en %2, %3 UTC</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>salvo::ClipPlayer</name>
    <message>
        <source>There is no clip to play.</source>
        <translation>No hay ningún fragmento que reproducir.</translation>
    </message>
    <message>
        <source>Audio output is not available: %1</source>
        <translation>La salida de audio no está disponible: %1</translation>
    </message>
    <message>
        <source>No audio output device is available.</source>
        <translation>No hay ningún dispositivo de salida de audio disponible.</translation>
    </message>
    <message>
        <source>The audio device would not start: %1</source>
        <translation>No se pudo iniciar el dispositivo de audio: %1</translation>
    </message>
    <message>
        <source>The audio device could not be opened at %1 Hz: %2</source>
        <translation>No se pudo abrir el dispositivo de audio a %1 Hz: %2</translation>
    </message>
    <message>
        <source>PortAudio is not running</source>
        <translation>PortAudio no está en marcha</translation>
    </message>
</context>
<context>
    <name>salvo::CoverageLayer</name>
    <message numerus="yes">
        <source>Coverage (at least %n sensors)</source>
        <translation>
            <numerusform>Cobertura (al menos %n sensor)</numerusform>
            <numerusform>Cobertura (al menos %n sensores)</numerusform>
        </translation>
    </message>
    <message>
        <source>P(shot heard by ≥ %1 sensors)</source>
        <translation>P(disparo oído por ≥ %1 sensores)</translation>
    </message>
    <message>
        <source>0 %</source>
        <translation>0 %</translation>
    </message>
    <message>
        <source>50 %</source>
        <translation>50 %</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
</context>
<context>
    <name>salvo::DeskSession</name>
    <message>
        <source>Incidents are not being stored: %1</source>
        <translation>Los incidentes no se están almacenando: %1</translation>
    </message>
    <message>
        <source>No classifier, incidents are shown as Other: %1</source>
        <translation>No hay clasificador; los incidentes se muestran como Otro: %1</translation>
    </message>
</context>
<context>
    <name>salvo::DispatchDialog</name>
    <message>
        <source>Dispatch incident %1</source>
        <translation>Despachar el incidente %1</translation>
    </message>
    <message>
        <source>CAP 1.2 XML</source>
        <translation>CAP 1.2 XML</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>https://cad.example.org/alerts (set in Settings)</source>
        <translation>https://cad.example.org/alerts (se configura en Preferencias)</translation>
    </message>
    <message>
        <source>CAD webhook:</source>
        <translation>Webhook CAD:</translation>
    </message>
    <message>
        <source>&amp;Send to dispatch</source>
        <translation>&amp;Enviar a despacho</translation>
    </message>
    <message>
        <source>Export &amp;PDF report…</source>
        <translation>Exportar informe &amp;PDF…</translation>
    </message>
    <message>
        <source>No CAD webhook is configured: enter its URL or set it in Settings.</source>
        <translation>No hay ningún webhook CAD configurado: introduzca su URL o configúrelo en Preferencias.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Enviando a %1…</translation>
    </message>
    <message>
        <source>Not dispatched: %1</source>
        <translation>No despachado: %1</translation>
    </message>
    <message>
        <source>Dispatched: the CAD system accepted CAP %1 (HTTP %2).</source>
        <translation>Despachado: el sistema CAD aceptó el CAP %1 (HTTP %2).</translation>
    </message>
    <message>
        <source>The CAD system accepted the alert, but recording the dispatch failed: %1</source>
        <translation>El sistema CAD aceptó la alerta, pero no se pudo registrar el despacho: %1</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>Informe guardado en %1.</translation>
    </message>
    <message>
        <source>Export incident report</source>
        <translation>Exportar informe del incidente</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>salvo::HealthPanel</name>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>Noise floor (dBFS)</source>
        <translation>Ruido de fondo (dBFS)</translation>
    </message>
    <message>
        <source>Clock offset (ms), battery (V)</source>
        <translation>Desfase del reloj (ms), batería (V)</translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation>Sin alarmas.</translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s): see the red rows.</source>
        <translation>
            <numerusform>%n alarma: vea las filas rojas.</numerusform>
            <numerusform>%n alarmas: vea las filas rojas.</numerusform>
        </translation>
    </message>
    <message>
        <source>noise floor</source>
        <translation>ruido de fondo</translation>
    </message>
    <message>
        <source>clock offset</source>
        <translation>desfase del reloj</translation>
    </message>
    <message>
        <source>battery</source>
        <translation>batería</translation>
    </message>
    <message>
        <source>UTC — sensor %1</source>
        <translation>UTC — sensor %1</translation>
    </message>
</context>
<context>
    <name>salvo::HealthTableModel</name>
    <message>
        <source>offline</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>clock fault</source>
        <translation>fallo de reloj</translation>
    </message>
    <message>
        <source>abnormal noise</source>
        <translation>ruido anómalo</translation>
    </message>
    <message>
        <source>low battery</source>
        <translation>batería baja</translation>
    </message>
    <message>
        <source>overheating</source>
        <translation>sobrecalentamiento</translation>
    </message>
    <message>
        <source>online</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>fijado</translation>
    </message>
    <message>
        <source>no lock</source>
        <translation>sin fijar</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <source>Clock offset (ms)</source>
        <translation>Desfase del reloj (ms)</translation>
    </message>
    <message>
        <source>Noise floor (dBFS)</source>
        <translation>Ruido de fondo (dBFS)</translation>
    </message>
    <message>
        <source>Last pulse (s ago)</source>
        <translation>Último pulso (s transcurridos)</translation>
    </message>
    <message>
        <source>Battery (V)</source>
        <translation>Batería (V)</translation>
    </message>
    <message>
        <source>Enclosure (°C)</source>
        <translation>Carcasa (°C)</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
</context>
<context>
    <name>salvo::HeatMapLayer</name>
    <message>
        <source>Heat map</source>
        <translation>Mapa de calor</translation>
    </message>
</context>
<context>
    <name>salvo::IncidentFilterBar</name>
    <message>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <source>C&amp;lass:</source>
        <translation>C&amp;lase:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>Es&amp;tado:</translation>
    </message>
    <message>
        <source>Confidence &amp;≥</source>
        <translation>Confianza &amp;≥</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>&amp;Lugar:</translation>
    </message>
    <message>
        <source>Address or coordinates (Ctrl+F)</source>
        <translation>Dirección o coordenadas (Ctrl+F)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Show every incident (Escape in a filter)</source>
        <translation>Mostrar todos los incidentes (Escape en un filtro)</translation>
    </message>
</context>
<context>
    <name>salvo::IncidentLayer</name>
    <message>
        <source>Incidents</source>
        <translation>Incidentes</translation>
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
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
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
    <message numerus="yes">
        <source>%1: %2 UTC, %n incident(s)</source>
        <translation>
            <numerusform>%1: %2 UTC, %n incidente</numerusform>
            <numerusform>%1: %2 UTC, %n incidentes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay finished: %n incident(s)</source>
        <translation>
            <numerusform>Reproducción terminada: %n incidente</numerusform>
            <numerusform>Reproducción terminada: %n incidentes</numerusform>
        </translation>
    </message>
    <message>
        <source>The live source could not start: %1</source>
        <translation>No se pudo iniciar la fuente en directo: %1</translation>
    </message>
    <message>
        <source>Replay Scenario Folder</source>
        <translation>Reproducir carpeta de escenario</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>En &amp;directo</translation>
    </message>
    <message>
        <source>Start &amp;Demo City</source>
        <translation>Iniciar la ciudad de &amp;demostración</translation>
    </message>
    <message>
        <source>A simulated sensor network with live incidents</source>
        <translation>Una red de sensores simulada con incidentes en directo</translation>
    </message>
    <message>
        <source>&amp;Replay Scenario as Live…</source>
        <translation>&amp;Reproducir escenario como en directo…</translation>
    </message>
    <message>
        <source>Play a scenario folder through the live pipeline at ten times real time</source>
        <translation>Reproduce una carpeta de escenario a través de la cadena en directo a diez veces el tiempo real</translation>
    </message>
    <message>
        <source>Listen on &amp;Audio Input</source>
        <translation>Escuchar la entrada de &amp;audio</translation>
    </message>
    <message>
        <source>The computer&apos;s sound input as one local sensor</source>
        <translation>La entrada de sonido del equipo como un sensor local</translation>
    </message>
    <message>
        <source>&amp;Stop Live Source</source>
        <translation>De&amp;tener la fuente en directo</translation>
    </message>
    <message>
        <source>Fireworks &amp;Surge (Demo)</source>
        <translation>&amp;Oleada de pirotecnia (demo)</translation>
    </message>
    <message>
        <source>New Year&apos;s Eve in the demo city: a hundred times the fireworks</source>
        <translation>Fin de Año en la ciudad de demostración: cien veces más fuegos artificiales</translation>
    </message>
    <message>
        <source>&amp;Dispatch Incident…</source>
        <translation>Des&amp;pachar incidente…</translation>
    </message>
    <message>
        <source>Send the selected, confirmed incident to the dispatch system</source>
        <translation>Envía el incidente seleccionado y confirmado al sistema de despacho</translation>
    </message>
    <message>
        <source>Demo: %1</source>
        <translation>Demostración: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sensor Network</source>
        <translation>Red de sensores</translation>
    </message>
    <message>
        <source>Starting the demo city…</source>
        <translation>Iniciando la ciudad de demostración…</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>En directo: %1</translation>
    </message>
    <message numerus="yes">
        <source>Live: %n sensor(s) listening</source>
        <translation>
            <numerusform>En directo: %n sensor escuchando</numerusform>
            <numerusform>En directo: %n sensores escuchando</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open the store %1: %2</source>
        <translation>No se puede abrir el almacén %1: %2</translation>
    </message>
    <message>
        <source>Cannot Dispatch</source>
        <translation>No se puede despachar</translation>
    </message>
    <message>
        <source>Fi&amp;lter Incidents…</source>
        <translation>Fi&amp;ltrar incidentes…</translation>
    </message>
    <message>
        <source>Narrow the queue by class, status, confidence or place</source>
        <translation>Acotar la cola por clase, estado, confianza o lugar</translation>
    </message>
    <message>
        <source>Demo account (analyst and dispatcher, demo store)</source>
        <translation>Cuenta de demostración (analista y despachador, almacén de demostración)</translation>
    </message>
    <message>
        <source>Sensor %1: clock reads %2 ms off; left out of location from now on</source>
        <translation>Sensor %1: el reloj marca %2 ms de desfase; queda fuera de la localización a partir de ahora</translation>
    </message>
    <message>
        <source>Sensor %1 is offline: no audio from it</source>
        <translation>El sensor %1 está fuera de línea: no llega audio</translation>
    </message>
    <message>
        <source>Demo city</source>
        <translation>Ciudad de demostración</translation>
    </message>
    <message>
        <source>Audio input</source>
        <translation>Entrada de audio</translation>
    </message>
</context>
<context>
    <name>salvo::MbTilesSource</name>
    <message>
        <source>MBTiles file %1 does not exist</source>
        <translation>El archivo MBTiles %1 no existe</translation>
    </message>
    <message>
        <source>cannot open MBTiles file %1: %2</source>
        <translation>no se puede abrir el archivo MBTiles %1: %2</translation>
    </message>
    <message>
        <source>%1 is not an MBTiles file (no tiles table)</source>
        <translation>%1 no es un archivo MBTiles (no hay tabla tiles)</translation>
    </message>
    <message>
        <source>no tile %1/%2/%3 in the MBTiles file</source>
        <translation>no hay tesela %1/%2/%3 en el archivo MBTiles</translation>
    </message>
</context>
<context>
    <name>salvo::NetworkManagerWidget</name>
    <message>
        <source>Registry</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Salud</translation>
    </message>
    <message>
        <source>Coverage: ≥ 3 sensors</source>
        <translation>Cobertura: ≥ 3 sensores</translation>
    </message>
    <message>
        <source>Coverage: ≥ 4 sensors</source>
        <translation>Cobertura: ≥ 4 sensores</translation>
    </message>
    <message>
        <source>Planning mode</source>
        <translation>Modo de planificación</translation>
    </message>
    <message>
        <source>Click a map to place a proposed sensor, drag it to see the maps change.</source>
        <translation>Haga clic en un mapa para colocar un sensor propuesto; arrástrelo para ver cómo cambian los mapas.</translation>
    </message>
    <message>
        <source>Suggest next site</source>
        <translation>Sugerir el siguiente emplazamiento</translation>
    </message>
    <message>
        <source>Add proposed sensor to registry</source>
        <translation>Añadir el sensor propuesto al registro</translation>
    </message>
    <message>
        <source>No maps: %1</source>
        <translation>Sin mapas: %1</translation>
    </message>
    <message>
        <source>Heard by ≥ 3 sensors (P ≥ 0.9): %1 km², by ≥ 4: %2 km² — computed in %3 ms</source>
        <translation>Oído por ≥ 3 sensores (P ≥ 0,9): %1 km², por ≥ 4: %2 km² — calculado en %3 ms</translation>
    </message>
    <message>
        <source>; suggested site adds %1 km²</source>
        <translation>; el emplazamiento sugerido añade %1 km²</translation>
    </message>
    <message>
        <source>No site adds coverage.</source>
        <translation>Ningún emplazamiento añade cobertura.</translation>
    </message>
</context>
<context>
    <name>salvo::NetworkSensorLayer</name>
    <message>
        <source>Network sensors</source>
        <translation>Sensores de la red</translation>
    </message>
</context>
<context>
    <name>salvo::RegistryModel</name>
    <message>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>propuesto</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>default</source>
        <translation>predeterminado</translation>
    </message>
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
        <source>Noise floor (dB SPL)</source>
        <translation>Ruido de fondo (dB SPL)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>salvo::RegistryPanel</name>
    <message>
        <source>Add sensor</source>
        <translation>Añadir sensor</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Retirar</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Add a sensor at the centre of the map; edit its position in the table.</source>
        <translation>Añade un sensor en el centro del mapa; edite su posición en la tabla.</translation>
    </message>
    <message>
        <source>Retire the selected sensor: it keeps its id and history.</source>
        <translation>Retira el sensor seleccionado: conserva su identificador y su historial.</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Aviso: %1</translation>
    </message>
    <message>
        <source>The registry is valid.</source>
        <translation>El registro es válido.</translation>
    </message>
    <message>
        <source>Import sensors</source>
        <translation>Importar sensores</translation>
    </message>
    <message>
        <source>Sensor registry (*.csv *.geojson *.json);;All files (*)</source>
        <translation>Registro de sensores (*.csv *.geojson *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Could not import: %1</source>
        <translation>No se pudo importar: %1</translation>
    </message>
    <message>
        <source>Export sensors</source>
        <translation>Exportar sensores</translation>
    </message>
    <message>
        <source>CSV (*.csv);;GeoJSON (*.geojson)</source>
        <translation>CSV (*.csv);;GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>No se pudo exportar: %1</translation>
    </message>
</context>
<context>
    <name>salvo::ReviewDecisionBar</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Motivo (obligatorio)</translation>
    </message>
    <message>
        <source>&amp;Confirm (C)</source>
        <translation>&amp;Confirmar (C)</translation>
    </message>
    <message>
        <source>&amp;Reject (R)</source>
        <translation>&amp;Rechazar (R)</translation>
    </message>
    <message>
        <source>Confirm as the chosen class; the reason is required</source>
        <translation>Confirma con la clase elegida; el motivo es obligatorio</translation>
    </message>
    <message>
        <source>Dismiss the incident; the reason is required</source>
        <translation>Descarta el incidente; el motivo es obligatorio</translation>
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
        <source>Type the reason for the decision and press Enter.</source>
        <translation>Escriba el motivo de la decisión y pulse Intro.</translation>
    </message>
    <message>
        <source>This incident cannot be shown: %1</source>
        <translation>No se puede mostrar este incidente: %1</translation>
    </message>
    <message>
        <source>No audio evidence is stored for this incident.</source>
        <translation>No hay pruebas de audio almacenadas para este incidente.</translation>
    </message>
    <message numerus="yes">
        <source>Loading the evidence of %n sensor(s)…</source>
        <translation>
            <numerusform>Cargando las pruebas de %n sensor…</numerusform>
            <numerusform>Cargando las pruebas de %n sensores…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 s of %3 s</source>
        <translation>%1: %2 s de %3 s</translation>
    </message>
    <message>
        <source>Only an incident from the store can be reviewed.</source>
        <translation>Solo se puede revisar un incidente del almacén.</translation>
    </message>
    <message>
        <source>Sign in as an analyst to review incidents.</source>
        <translation>Inicie sesión como analista para revisar incidentes.</translation>
    </message>
    <message>
        <source>The review was not saved: %1</source>
        <translation>No se guardó la revisión: %1</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pausa (Espacio)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Reproducir (Espacio)</translation>
    </message>
    <message>
        <source>Loop (L)</source>
        <translation>Bucle (L)</translation>
    </message>
    <message>
        <source>1× speed</source>
        <translation>Velocidad 1×</translation>
    </message>
    <message>
        <source>0.5× speed</source>
        <translation>Velocidad 0,5×</translation>
    </message>
    <message>
        <source>0.25× speed</source>
        <translation>Velocidad 0,25×</translation>
    </message>
    <message>
        <source>%1 UTC · %2, %3 ± %4 m · %5 %6 % · %7 rounds · sensors %8</source>
        <translation>%1 UTC · %2, %3 ± %4 m · %5 %6 % · %7 disparos · sensores %8</translation>
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
    <name>salvo::SensorLayer</name>
    <message>
        <source>Sensors</source>
        <translation>Sensores</translation>
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
    <message>
        <source>Offline</source>
        <translation>Fuera de línea</translation>
    </message>
    <message>
        <source>Clock fault (%1 ms)</source>
        <translation>Fallo de reloj (%1 ms)</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
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
    <message>
        <source>empty: no web tiles</source>
        <translation>vacío: sin teselas web</translation>
    </message>
    <message>
        <source>empty: no online look-ups</source>
        <translation>vacío: sin consultas en línea</translation>
    </message>
    <message>
        <source>empty: no webhook</source>
        <translation>vacío: sin webhook</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>&amp;Tile URL template:</source>
        <translation>&amp;Plantilla de URL de teselas:</translation>
    </message>
    <message>
        <source>Offline &amp;MBTiles file:</source>
        <translation>Archivo &amp;MBTiles sin conexión:</translation>
    </message>
    <message>
        <source>MBTiles (*.mbtiles);;All files (*)</source>
        <translation>MBTiles (*.mbtiles);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Tile &amp;attribution:</source>
        <translation>&amp;Atribución de teselas:</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Lugares</translation>
    </message>
    <message>
        <source>&amp;Reverse geocoding URL:</source>
        <translation>URL de &amp;geocodificación inversa:</translation>
    </message>
    <message>
        <source>Address &amp;points file:</source>
        <translation>Archivo de puntos de &amp;dirección:</translation>
    </message>
    <message>
        <source>Address points (*.csv *.geojson *.json);;All files (*)</source>
        <translation>Puntos de dirección (*.csv *.geojson *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Despacho</translation>
    </message>
    <message>
        <source>CAD &amp;webhook URL:</source>
        <translation>URL del &amp;webhook CAD:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Choose a File</source>
        <translation>Elegir un archivo</translation>
    </message>
    <message>
        <source>Address Points</source>
        <translation>Puntos de dirección</translation>
    </message>
</context>
<context>
    <name>salvo::SignInDialog</name>
    <message>
        <source>Enter a user name.</source>
        <translation>Introduzca un nombre de usuario.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>La contraseña debe tener al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
    <message>
        <source>Sign In — Salvo</source>
        <translation>Iniciar sesión — Salvo</translation>
    </message>
    <message>
        <source>Sign in with your Salvo account.</source>
        <translation>Inicie sesión con su cuenta de Salvo.</translation>
    </message>
    <message>
        <source>Create the Administrator — Salvo</source>
        <translation>Crear el administrador — Salvo</translation>
    </message>
    <message>
        <source>This desk has no users yet. Choose the administrator&apos;s name and password; the administrator then adds dispatchers and analysts.</source>
        <translation>Este puesto aún no tiene usuarios. Elija el nombre y la contraseña del administrador; después, el administrador añade despachadores y analistas.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Nombre de usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repetir contraseña:</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
</context>
<context>
    <name>salvo::SpectrogramView</name>
    <message>
        <source>Time from predicted arrival (s)</source>
        <translation>Tiempo desde la llegada prevista (s)</translation>
    </message>
    <message>
        <source>kHz</source>
        <translation>kHz</translation>
    </message>
</context>
<context>
    <name>salvo::TileMapWidget</name>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Plain map (no tile source)</source>
        <translation>Mapa simple (sin fuente de teselas)</translation>
    </message>
    <message>
        <source>Offline: plain map</source>
        <translation>Sin conexión: mapa simple</translation>
    </message>
    <message>
        <source>%1 · offline: plain map</source>
        <translation>%1 · sin conexión: mapa simple</translation>
    </message>
</context>
<context>
    <name>salvo::WaveformView</name>
    <message>
        <source>Time from predicted arrival (s)</source>
        <translation>Tiempo desde la llegada prevista (s)</translation>
    </message>
</context>
<context>
    <name>salvo::XyzTileSource</name>
    <message>
        <source>© OpenStreetMap contributors</source>
        <translation>© colaboradores de OpenStreetMap</translation>
    </message>
    <message>
        <source>the server&apos;s answer for %1 is not an image</source>
        <translation>la respuesta del servidor para %1 no es una imagen</translation>
    </message>
</context>
</TS>
