<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ApiError</name>
    <message>
        <source>Cannot reach the server: %1</source>
        <translation>Impossible de joindre le serveur : %1</translation>
    </message>
    <message>
        <source>Secure connection failed: %1</source>
        <translation>La connexion sécurisée a échoué : %1</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Le serveur n&apos;a pas répondu à temps.</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Réponse inattendue du serveur : %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Your session has expired or the sign-in was refused. Please sign in again.</source>
        <translation>Votre session a expiré ou la connexion a été refusée. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Votre rôle ne le permet pas.</translation>
    </message>
    <message>
        <source>Another operator has already taken over this conversation.</source>
        <translation>Un autre opérateur a déjà pris la main sur cette conversation.</translation>
    </message>
    <message>
        <source>You do not hold this conversation: take it over first.</source>
        <translation>Vous n&apos;avez pas la main sur cette conversation : prenez-la d&apos;abord.</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Introuvable : %1</translation>
    </message>
    <message>
        <source>Too many requests; please wait a moment.</source>
        <translation>Trop de requêtes ; veuillez patienter un instant.</translation>
    </message>
    <message>
        <source>The server could not do this right now (%1).</source>
        <translation>Le serveur n&apos;a pas pu le faire pour l&apos;instant (%1).</translation>
    </message>
    <message>
        <source>Request failed (HTTP %1).</source>
        <translation>La requête a échoué (HTTP %1).</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Votre session a expiré. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>The keychain is not available (%1); you will have to sign in next time.</source>
        <translation>Le trousseau n&apos;est pas disponible (%1) ; vous devrez vous reconnecter la prochaine fois.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Se déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Go to the &amp;list</source>
        <translation>Aller à la &amp;liste</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut :</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>C&amp;anal :</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Signing in as %1…</source>
        <translation>Connexion en tant que %1…</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Déconnecté.</translation>
    </message>
    <message>
        <source>Support console — %1 on %2</source>
        <translation>Console du support — %1 sur %2</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Connecté en tant que %1.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Connected (live)</source>
        <translation>Connecté (en direct)</translation>
    </message>
    <message>
        <source>Connected (polling)</source>
        <translation>Connecté (interrogation)</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <source>Lost the connection to the server; reconnecting…</source>
        <translation>Connexion au serveur perdue ; reconnexion…</translation>
    </message>
    <message>
        <source>Reconnected to the server.</source>
        <translation>Reconnecté au serveur.</translation>
    </message>
    <message>
        <source>New handoff on %1: %2</source>
        <translation>Nouveau transfert sur %1 : %2</translation>
    </message>
    <message>
        <source>A customer is waiting</source>
        <translation>Un client attend</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n en attente</numerusform>
            <numerusform>%n en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>Threads (%1)</source>
        <translation>Conversations (%1)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Support console</source>
        <translation>Console du support</translation>
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
        <translation>Console du support</translation>
    </message>
    <message>
        <source>The operator console of supportd.</source>
        <translation>La console d&apos;opérateur de supportd.</translation>
    </message>
    <message>
        <source>Server address.</source>
        <translation>Adresse du serveur.</translation>
    </message>
    <message>
        <source>User name.</source>
        <translation>Nom d&apos;utilisateur.</translation>
    </message>
    <message>
        <source>Language (en, de, fr).</source>
        <translation>Langue (en, de, fr).</translation>
    </message>
    <message>
        <source>Keep the session token in memory only.</source>
        <translation>Garder le jeton de session en mémoire uniquement.</translation>
    </message>
    <message>
        <source>Sign in with SUPPORT_CONSOLE_PASSWORD, save PNGs of the main views into a folder, and quit.</source>
        <translation>Se connecter avec SUPPORT_CONSOLE_PASSWORD, enregistrer des PNG des vues principales dans un dossier, puis quitter.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>The server address is not valid.</source>
        <translation>L&apos;adresse du serveur n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Nom d&apos;utilisateur ou mot de passe incorrect.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to supportd</source>
        <translation>Se connecter à supportd</translation>
    </message>
    <message>
        <source>Sign in with your operator account. The session is kept in the system keychain.</source>
        <translation>Connectez-vous avec votre compte d&apos;opérateur. La session est conservée dans le trousseau du système.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Serveur :</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d&apos;&amp;utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>https://support.example.com</source>
        <translation>https://support.example.com</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
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
        <translation>En attente</translation>
    </message>
    <message>
        <source>Taken over</source>
        <translation>Pris en main</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermée</translation>
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
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>Handed off: %1</source>
        <translation>Transférée : %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Dernier message</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
</context>
<context>
    <name>ThreadView</name>
    <message>
        <source>Select a conversation on the left.</source>
        <translation>Sélectionnez une conversation à gauche.</translation>
    </message>
    <message>
        <source>&amp;Take over</source>
        <translation>&amp;Prendre la main</translation>
    </message>
    <message>
        <source>Take the conversation from the agent; it stays silent until you hand it back.</source>
        <translation>Prendre la conversation à l&apos;agent ; il se tait jusqu&apos;à ce que vous la lui rendiez.</translation>
    </message>
    <message>
        <source>&amp;Hand back</source>
        <translation>&amp;Rendre</translation>
    </message>
    <message>
        <source>Let the agent answer again.</source>
        <translation>Laisser l&apos;agent répondre à nouveau.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Mark the conversation as finished.</source>
        <translation>Marquer la conversation comme terminée.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the reply to the customer (Ctrl+Enter).</source>
        <translation>Envoyer la réponse au client (Ctrl+Entrée).</translation>
    </message>
    <message>
        <source>Your reply to the customer…</source>
        <translation>Votre réponse au client…</translation>
    </message>
    <message>
        <source>Conversation %1</source>
        <translation>Conversation %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Statut : %1</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Canal : %1</translation>
    </message>
    <message>
        <source>Held by: %1</source>
        <translation>Pris en main par : %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Commencée : %1</translation>
    </message>
    <message>
        <source>You hold this conversation now; the agent stays silent.</source>
        <translation>Vous avez maintenant la main sur cette conversation ; l&apos;agent se tait.</translation>
    </message>
    <message>
        <source>Handed back to the agent.</source>
        <translation>Rendue à l&apos;agent.</translation>
    </message>
    <message>
        <source>Conversation closed.</source>
        <translation>Conversation fermée.</translation>
    </message>
    <message>
        <source>Reply sent.</source>
        <translation>Réponse envoyée.</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>%1 (operator)</source>
        <translation>%1 (opérateur)</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>Tool %1</source>
        <translation>Outil %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Sources: %1</source>
        <translation>Sources : %1</translation>
    </message>
    <message>
        <source>▲ Marked helpful</source>
        <translation>▲ Marqué comme utile</translation>
    </message>
    <message>
        <source>▼ Marked not helpful</source>
        <translation>▼ Marqué comme pas utile</translation>
    </message>
    <message>
        <source>Turn %1</source>
        <translation>Tour %1</translation>
    </message>
</context>
</TS>
