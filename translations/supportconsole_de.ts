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
    <name>Language</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
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
