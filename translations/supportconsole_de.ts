<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ApiError</name>
    <message>
        <source>Cannot reach the server: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Secure connection failed: %1</source>
        <translation>Die sichere Verbindung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Unerwartete Antwort vom Server: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Your session has expired or the sign-in was refused. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen oder die Anmeldung wurde abgelehnt. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Ihre Rolle erlaubt das nicht.</translation>
    </message>
    <message>
        <source>Another operator has already taken over this conversation.</source>
        <translation>Jemand anderes hat dieses Gespräch bereits übernommen.</translation>
    </message>
    <message>
        <source>You do not hold this conversation: take it over first.</source>
        <translation>Sie haben dieses Gespräch nicht übernommen: Übernehmen Sie es zuerst.</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Too many requests; please wait a moment.</source>
        <translation>Zu viele Anfragen; bitte warten Sie einen Moment.</translation>
    </message>
    <message>
        <source>The server could not do this right now (%1).</source>
        <translation>Der Server konnte das gerade nicht ausführen (%1).</translation>
    </message>
    <message>
        <source>Request failed (HTTP %1).</source>
        <translation>Anfrage fehlgeschlagen (HTTP %1).</translation>
    </message>
</context>
<context>
    <name>KbDocumentListModel</name>
    <message>
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s)</source>
        <translation>
            <numerusform>%n Abschnitt</numerusform>
            <numerusform>%n Abschnitte</numerusform>
        </translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Document id</source>
        <translation>Dokument-ID</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>KbEditor</name>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>Part of a title</source>
        <translation>Teil eines Titels</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>Editing the knowledge base needs the editor role.</source>
        <translation>Zum Bearbeiten der Wissensdatenbank brauchen Sie die Rolle Redakteur.</translation>
    </message>
    <message>
        <source>Document &amp;id:</source>
        <translation>Dokument-&amp;ID:</translation>
    </message>
    <message>
        <source>Made from the title when left empty</source>
        <translation>Leer lassen: wird aus dem Titel gebildet</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>(none ticked: every channel)</source>
        <translation>(keiner angekreuzt: alle Kanäle)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Reiner Text</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Retrieval preview</source>
        <translation>Suchvorschau</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>&amp;Frage:</translation>
    </message>
    <message>
        <source>What a customer might ask</source>
        <translation>Was ein Kunde fragen könnte</translation>
    </message>
    <message>
        <source>Cha&amp;nnel:</source>
        <translation>Ka&amp;nal:</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n Dokument</numerusform>
            <numerusform>%n Dokumente</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the documents: %1</source>
        <translation>Die Dokumente konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 documents</source>
        <translation>%1 von %2 Dokumenten</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The new document has not been saved.</source>
        <translation>Das neue Dokument wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>“%1” has unsaved changes.</source>
        <translation>„%1“ hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>Vor dem Fortfahren speichern?</translation>
    </message>
    <message>
        <source>Loading “%1”…</source>
        <translation>„%1“ wird geladen…</translation>
    </message>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>„%1“ konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No document open: choose one from the list, or make a new one.</source>
        <translation>Kein Dokument geöffnet: Wählen Sie eines aus der Liste oder legen Sie ein neues an.</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>Neues Dokument</translation>
    </message>
    <message>
        <source> (unsaved changes)</source>
        <translation> (ungespeicherte Änderungen)</translation>
    </message>
    <message>
        <source>A document id is made of lowercase letters, digits, “.”, “_” and “-”, starts with a letter or digit and has at most 128 characters.</source>
        <translation>Eine Dokument-ID besteht aus Kleinbuchstaben, Ziffern, „.“, „_“ und „-“, beginnt mit einem Buchstaben oder einer Ziffer und hat höchstens 128 Zeichen.</translation>
    </message>
    <message>
        <source>Give the document a title.</source>
        <translation>Geben Sie dem Dokument einen Titel.</translation>
    </message>
    <message>
        <source>The URL must be a whole web address starting with http:// or https://.</source>
        <translation>Die URL muss eine vollständige Webadresse sein, die mit http:// oder https:// beginnt.</translation>
    </message>
    <message>
        <source>The document has no text.</source>
        <translation>Das Dokument hat keinen Text.</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Unerwartete Antwort vom Server: %1</translation>
    </message>
    <message>
        <source>Saving “%1”…</source>
        <translation>„%1“ wird gespeichert…</translation>
    </message>
    <message>
        <source>Created “%1” (%2).</source>
        <translation>„%1“ (%2) angelegt.</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Delete document</source>
        <translation>Dokument löschen</translation>
    </message>
    <message>
        <source>Delete “%1” (%2) from the knowledge base?</source>
        <translation>„%1“ (%2) aus der Wissensdatenbank löschen?</translation>
    </message>
    <message>
        <source>The agent will no longer find or cite it. Your unsaved changes go too. This cannot be undone.</source>
        <translation>Der Agent findet und zitiert es dann nicht mehr. Ihre ungespeicherten Änderungen gehen ebenfalls verloren. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The agent will no longer find or cite it. This cannot be undone.</source>
        <translation>Der Agent findet und zitiert es dann nicht mehr. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>This document was deleted on the server. Saving will create it again.</source>
        <translation>Dieses Dokument wurde auf dem Server gelöscht. Speichern legt es neu an.</translation>
    </message>
    <message>
        <source>“%1” was deleted on the server.</source>
        <translation>„%1“ wurde auf dem Server gelöscht.</translation>
    </message>
    <message>
        <source>Someone else saved this document meanwhile. Saving will replace their version; Revert shows theirs.</source>
        <translation>Jemand anderes hat dieses Dokument inzwischen gespeichert. Speichern ersetzt diese Fassung; Verwerfen zeigt sie.</translation>
    </message>
    <message>
        <source>“%1” was changed on the server; showing the new version.</source>
        <translation>„%1“ wurde auf dem Server geändert; die neue Fassung wird angezeigt.</translation>
    </message>
    <message>
        <source>The server refused the title: %1</source>
        <translation>Der Server hat den Titel abgelehnt: %1</translation>
    </message>
    <message>
        <source>The server refused the document id: %1</source>
        <translation>Der Server hat die Dokument-ID abgelehnt: %1</translation>
    </message>
    <message>
        <source>A document with the id “%1” exists already; choose another id.</source>
        <translation>Ein Dokument mit der ID „%1“ gibt es schon; wählen Sie eine andere ID.</translation>
    </message>
    <message>
        <source>The server does not know one of the channels: %1</source>
        <translation>Der Server kennt einen der Kanäle nicht: %1</translation>
    </message>
    <message>
        <source>The server refused the text: %1</source>
        <translation>Der Server hat den Text abgelehnt: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Preview failed: %1</source>
        <translation>Vorschau fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Nothing would be retrieved for this question.</source>
        <translation>Zu dieser Frage würde nichts gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s) would be retrieved.</source>
        <translation>
            <numerusform>%n Abschnitt würde gefunden.</numerusform>
            <numerusform>%n Abschnitte würden gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KbPreviewModel</name>
    <message>
        <source>Fused score; the question&apos;s coverage is %1%</source>
        <translation>Kombinierte Bewertung; die Frage ist zu %1% abgedeckt</translation>
    </message>
    <message>
        <source>Rank %1 by BM25</source>
        <translation>Rang %1 nach BM25</translation>
    </message>
    <message>
        <source>Not found by BM25</source>
        <translation>Von BM25 nicht gefunden</translation>
    </message>
    <message>
        <source>Rank %1 by vector similarity</source>
        <translation>Rang %1 nach Vektorähnlichkeit</translation>
    </message>
    <message>
        <source>Not found by vector similarity</source>
        <translation>Von der Vektorähnlichkeit nicht gefunden</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Lexical (BM25)</source>
        <translation>Lexikalisch (BM25)</translation>
    </message>
    <message>
        <source>Vector</source>
        <translation>Vektor</translation>
    </message>
    <message>
        <source>Snippet</source>
        <translation>Auszug</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The keychain is not available (%1); you will have to sign in next time.</source>
        <translation>Der Schlüsselbund ist nicht verfügbar (%1); beim nächsten Start müssen Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Go to the &amp;list</source>
        <translation>Zur &amp;Liste</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Signing in as %1…</source>
        <translation>Anmeldung als %1…</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Abgemeldet.</translation>
    </message>
    <message>
        <source>Support console — %1 on %2</source>
        <translation>Support-Konsole — %1 auf %2</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Angemeldet als %1.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Connected (live)</source>
        <translation>Verbunden (live)</translation>
    </message>
    <message>
        <source>Connected (polling)</source>
        <translation>Verbunden (Abfrage)</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <source>Lost the connection to the server; reconnecting…</source>
        <translation>Verbindung zum Server verloren; verbinde erneut…</translation>
    </message>
    <message>
        <source>Reconnected to the server.</source>
        <translation>Wieder mit dem Server verbunden.</translation>
    </message>
    <message>
        <source>New handoff on %1: %2</source>
        <translation>Neue Übergabe auf %1: %2</translation>
    </message>
    <message>
        <source>A customer is waiting</source>
        <translation>Ein Kunde wartet</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n wartet</numerusform>
            <numerusform>%n warten</numerusform>
        </translation>
    </message>
    <message>
        <source>Threads (%1)</source>
        <translation>Gespräche (%1)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Gespräche</translation>
    </message>
    <message>
        <source>Support console</source>
        <translation>Support-Konsole</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <source>Traces</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>Wissensdatenbank</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
</context>
<context>
    <name>MetricsSeries</name>
    <message>
        <source>The server sent no hourly metrics.</source>
        <translation>Der Server hat keine stündlichen Kennzahlen gesendet.</translation>
    </message>
    <message>
        <source>The server sent no daily metrics.</source>
        <translation>Der Server hat keine täglichen Kennzahlen gesendet.</translation>
    </message>
</context>
<context>
    <name>MetricsView</name>
    <message>
        <source>Updating…</source>
        <translation>Wird aktualisiert…</translation>
    </message>
    <message>
        <source>Updated at %1</source>
        <translation>Aktualisiert um %1</translation>
    </message>
    <message>
        <source>The metrics dashboard is for administrators: %1 does not have the admin role. Ask an administrator for access.</source>
        <translation>Das Kennzahlen-Dashboard ist Administratoren vorbehalten: %1 hat die Administratorrolle nicht. Bitten Sie einen Administrator um Zugriff.</translation>
    </message>
    <message>
        <source>Could not update: %1</source>
        <translation>Aktualisierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Sign in to see the metrics.</source>
        <translation>Melden Sie sich an, um die Kennzahlen zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Read the metrics again (they also refresh every 30 seconds while shown)</source>
        <translation>Kennzahlen neu lesen (solange sie angezeigt werden, auch alle 30 Sekunden)</translation>
    </message>
    <message>
        <source>Turns: %1 · Handoff rate: %2 % · Tool error rate: %3 % · Latency P50 %4 ms, P95 %5 ms · Cost: %6</source>
        <translation>Runden: %1 · Übergaberate: %2 % · Werkzeugfehlerrate: %3 % · Latenz P50 %4 ms, P95 %5 ms · Kosten: %6</translation>
    </message>
    <message>
        <source>Turns per hour</source>
        <translation>Runden pro Stunde</translation>
    </message>
    <message numerus="yes">
        <source>Turns per %n hours</source>
        <translation>
            <numerusform>Runden pro Stunde</numerusform>
            <numerusform>Runden pro %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Turn latency</source>
        <translation>Antwortzeit der Runden</translation>
    </message>
    <message>
        <source>P50</source>
        <translation>P50</translation>
    </message>
    <message>
        <source>P95</source>
        <translation>P95</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Tool error rate and handoff rate</source>
        <translation>Werkzeugfehler- und Übergaberate</translation>
    </message>
    <message>
        <source>Tool errors (% of tool calls)</source>
        <translation>Werkzeugfehler (% der Werkzeugaufrufe)</translation>
    </message>
    <message>
        <source>Handoffs (% of turns)</source>
        <translation>Übergaben (% der Runden)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Cost per day (USD)</source>
        <translation>Kosten pro Tag (USD)</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Support console</source>
        <translation>Support-Konsole</translation>
    </message>
    <message>
        <source>The operator console of supportd.</source>
        <translation>Die Bedienkonsole von supportd.</translation>
    </message>
    <message>
        <source>Server address.</source>
        <translation>Serveradresse.</translation>
    </message>
    <message>
        <source>User name.</source>
        <translation>Benutzername.</translation>
    </message>
    <message>
        <source>Language (en, de, fr).</source>
        <translation>Sprache (en, de, fr).</translation>
    </message>
    <message>
        <source>Keep the session token in memory only.</source>
        <translation>Das Sitzungstoken nur im Arbeitsspeicher halten.</translation>
    </message>
    <message>
        <source>Sign in with SUPPORT_CONSOLE_PASSWORD, save PNGs of the main views into a folder, and quit.</source>
        <translation>Mit SUPPORT_CONSOLE_PASSWORD anmelden, PNG-Bilder der Hauptansichten in einem Ordner speichern und beenden.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>The server address is not valid.</source>
        <translation>Die Serveradresse ist ungültig.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to supportd</source>
        <translation>Bei supportd anmelden</translation>
    </message>
    <message>
        <source>Sign in with your operator account. The session is kept in the system keychain.</source>
        <translation>Melden Sie sich mit Ihrem Bedienerkonto an. Die Sitzung wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>https://support.example.com</source>
        <translation>https://support.example.com</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>SpanTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>state</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>other</source>
        <translation>sonstiges</translation>
    </message>
    <message>
        <source>+%1 ms</source>
        <translation>+%1 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>+%1 ms, %2 ms</source>
        <translation>+%1 ms, %2 ms</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
</context>
<context>
    <name>ThreadListModel</name>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Taken over</source>
        <translation>Übernommen</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>Handed off: %1</source>
        <translation>Übergeben: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Letzte Nachricht</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
</context>
<context>
    <name>ThreadView</name>
    <message>
        <source>Select a conversation on the left.</source>
        <translation>Wählen Sie links ein Gespräch aus.</translation>
    </message>
    <message>
        <source>&amp;Take over</source>
        <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
        <source>Take the conversation from the agent; it stays silent until you hand it back.</source>
        <translation>Das Gespräch vom Agenten übernehmen; er schweigt, bis Sie es zurückgeben.</translation>
    </message>
    <message>
        <source>&amp;Hand back</source>
        <translation>&amp;Zurückgeben</translation>
    </message>
    <message>
        <source>Let the agent answer again.</source>
        <translation>Den Agenten wieder antworten lassen.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Mark the conversation as finished.</source>
        <translation>Das Gespräch als erledigt markieren.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>Sen&amp;den</translation>
    </message>
    <message>
        <source>Send the reply to the customer (Ctrl+Enter).</source>
        <translation>Die Antwort an den Kunden senden (Strg+Eingabe).</translation>
    </message>
    <message>
        <source>Your reply to the customer…</source>
        <translation>Ihre Antwort an den Kunden…</translation>
    </message>
    <message>
        <source>Conversation %1</source>
        <translation>Gespräch %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Kanal: %1</translation>
    </message>
    <message>
        <source>Held by: %1</source>
        <translation>Übernommen von: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Begonnen: %1</translation>
    </message>
    <message>
        <source>You hold this conversation now; the agent stays silent.</source>
        <translation>Sie haben das Gespräch jetzt übernommen; der Agent schweigt.</translation>
    </message>
    <message>
        <source>Handed back to the agent.</source>
        <translation>An den Agenten zurückgegeben.</translation>
    </message>
    <message>
        <source>Conversation closed.</source>
        <translation>Gespräch geschlossen.</translation>
    </message>
    <message>
        <source>Reply sent.</source>
        <translation>Antwort gesendet.</translation>
    </message>
    <message>
        <source>Show t&amp;race</source>
        <translation>T&amp;race anzeigen</translation>
    </message>
    <message>
        <source>Open the trace of the selected agent message (or of the latest turn) in the Traces tab.</source>
        <translation>Öffnet den Trace der ausgewählten Agent-Nachricht (oder des letzten Durchgangs) im Reiter „Traces“.</translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Solved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Not forwarded</source>
        <translation>Nicht weitergeleitet</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Delivery failed</source>
        <translation>Zustellung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>Helpdesk id: %1</source>
        <translation>Helpdesk-ID: %1</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Gespräch</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>TicketsView</name>
    <message>
        <source>New ticket %1: %2</source>
        <translation>Neues Ticket %1: %2</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Double-click a ticket (or press Enter) to open its conversation.</source>
        <translation>Doppelklicken Sie auf ein Ticket (oder drücken Sie Eingabe), um sein Gespräch zu öffnen.</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n Ticket</numerusform>
            <numerusform>%n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the tickets: %1</source>
        <translation>Die Tickets konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Unerwartete Antwort vom Server: %1</translation>
    </message>
    <message>
        <source>This ticket has no conversation.</source>
        <translation>Dieses Ticket hat kein Gespräch.</translation>
    </message>
    <message>
        <source>The conversation of this ticket is not in the thread list.</source>
        <translation>Das Gespräch zu diesem Ticket steht nicht in der Liste.</translation>
    </message>
</context>
<context>
    <name>TraceBrowser</name>
    <message>
        <source>S&amp;how:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>T&amp;hread:</source>
        <translation>&amp;Gespräch:</translation>
    </message>
    <message>
        <source>Any thread (paste a thread id)</source>
        <translation>Jedes Gespräch (Gesprächs-ID einfügen)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Mehr</translation>
    </message>
    <message>
        <source>Load older turns.</source>
        <translation>Ältere Durchgänge laden.</translation>
    </message>
    <message>
        <source>S&amp;pans of the turn:</source>
        <translation>&amp;Schritte des Durchgangs:</translation>
    </message>
    <message>
        <source>All turns</source>
        <translation>Alle Durchgänge</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Eingeschränkt</translation>
    </message>
    <message>
        <source>Handed off</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Select a turn to see its spans.</source>
        <translation>Wählen Sie einen Durchgang, um seine Schritte zu sehen.</translation>
    </message>
    <message>
        <source>Turn %1: %2, route %3, %4 ms; %5 tool calls (%6 failed), %7 model calls, %8 input and %9 output tokens, cost %10.</source>
        <translation>Durchgang %1: %2, Route %3, %4 ms; %5 Werkzeugaufrufe (%6 fehlgeschlagen), %7 Modellaufrufe, %8 Eingabe- und %9 Ausgabe-Tokens, Kosten %10.</translation>
    </message>
    <message>
        <source>%1 (%2): starts at +%3 ms, takes %4, %5.</source>
        <translation>%1 (%2): beginnt bei +%3 ms, dauert %4, %5.</translation>
    </message>
    <message>
        <source>Model: %1, template %2, finish reason %3</source>
        <translation>Modell: %1, Vorlage %2, Endegrund %3</translation>
    </message>
    <message>
        <source>Tokens: %1 in, %2 out; cost %3</source>
        <translation>Tokens: %1 Eingabe, %2 Ausgabe; Kosten %3</translation>
    </message>
    <message>
        <source>Tool: %1, version %2</source>
        <translation>Werkzeug: %1, Version %2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Error (%1): %2</source>
        <translation>Fehler (%1): %2</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>TraceListModel</name>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Eingeschränkt</translation>
    </message>
    <message>
        <source>Handed off</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 fehlgeschlagen)</translation>
    </message>
    <message>
        <source>Turn %1</source>
        <translation>Durchgang %1</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Werkzeugaufrufe</translation>
    </message>
    <message>
        <source>Model calls</source>
        <translation>Modellaufrufe</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Gespräch</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>%1 (operator)</source>
        <translation>%1 (Mitarbeiter)</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Tool %1</source>
        <translation>Werkzeug %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Sources: %1</source>
        <translation>Quellen: %1</translation>
    </message>
    <message>
        <source>▲ Marked helpful</source>
        <translation>▲ Als hilfreich markiert</translation>
    </message>
    <message>
        <source>▼ Marked not helpful</source>
        <translation>▼ Als nicht hilfreich markiert</translation>
    </message>
    <message>
        <source>Turn %1</source>
        <translation>Runde %1</translation>
    </message>
</context>
</TS>
