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
    <name>KbDocumentListModel</name>
    <message>
        <source>All channels</source>
        <translation>Tous les canaux</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s)</source>
        <translation>
            <numerusform>%n passage</numerusform>
            <numerusform>%n passages</numerusform>
        </translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Document id</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Modifié</translation>
    </message>
</context>
<context>
    <name>KbEditor</name>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Rechercher :</translation>
    </message>
    <message>
        <source>Part of a title</source>
        <translation>Partie d’un titre</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <source>Editing the knowledge base needs the editor role.</source>
        <translation>Modifier la base de connaissances demande le rôle de rédacteur.</translation>
    </message>
    <message>
        <source>Document &amp;id:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <source>Made from the title when left empty</source>
        <translation>Laissé vide : formé à partir du titre</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre :</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL :</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>&amp;Canaux :</translation>
    </message>
    <message>
        <source>(none ticked: every channel)</source>
        <translation>(aucun coché : tous les canaux)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format :</translation>
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
        <translation>Texte brut</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xte :</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>Retrieval preview</source>
        <translation>Aperçu de la recherche</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>&amp;Question :</translation>
    </message>
    <message>
        <source>What a customer might ask</source>
        <translation>Ce qu’un client pourrait demander</translation>
    </message>
    <message>
        <source>Cha&amp;nnel:</source>
        <translation>Ca&amp;nal :</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the documents: %1</source>
        <translation>Impossible de lire les documents : %1</translation>
    </message>
    <message>
        <source>%1 of %2 documents</source>
        <translation>%1 documents sur %2</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>The new document has not been saved.</source>
        <translation>Le nouveau document n’a pas été enregistré.</translation>
    </message>
    <message>
        <source>“%1” has unsaved changes.</source>
        <translation>« %1 » a des modifications non enregistrées.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>Les enregistrer avant de continuer ?</translation>
    </message>
    <message>
        <source>Loading “%1”…</source>
        <translation>Chargement de « %1 »…</translation>
    </message>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>Impossible d’ouvrir « %1 » : %2</translation>
    </message>
    <message>
        <source>No document open: choose one from the list, or make a new one.</source>
        <translation>Aucun document ouvert : choisissez-en un dans la liste ou créez-en un.</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>Nouveau document</translation>
    </message>
    <message>
        <source> (unsaved changes)</source>
        <translation> (modifications non enregistrées)</translation>
    </message>
    <message>
        <source>A document id is made of lowercase letters, digits, “.”, “_” and “-”, starts with a letter or digit and has at most 128 characters.</source>
        <translation>Un identifiant de document se compose de minuscules, de chiffres, de « . », « _ » et « - », commence par une lettre ou un chiffre et compte au plus 128 caractères.</translation>
    </message>
    <message>
        <source>Give the document a title.</source>
        <translation>Donnez un titre au document.</translation>
    </message>
    <message>
        <source>The URL must be a whole web address starting with http:// or https://.</source>
        <translation>L’URL doit être une adresse web complète commençant par http:// ou https://.</translation>
    </message>
    <message>
        <source>The document has no text.</source>
        <translation>Le document n’a pas de texte.</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Réponse inattendue du serveur : %1</translation>
    </message>
    <message>
        <source>Saving “%1”…</source>
        <translation>Enregistrement de « %1 »…</translation>
    </message>
    <message>
        <source>Created “%1” (%2).</source>
        <translation>« %1 » (%2) créé.</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>« %1 » enregistré.</translation>
    </message>
    <message>
        <source>Delete document</source>
        <translation>Supprimer le document</translation>
    </message>
    <message>
        <source>Delete “%1” (%2) from the knowledge base?</source>
        <translation>Supprimer « %1 » (%2) de la base de connaissances ?</translation>
    </message>
    <message>
        <source>The agent will no longer find or cite it. Your unsaved changes go too. This cannot be undone.</source>
        <translation>L’agent ne le trouvera ni ne le citera plus. Vos modifications non enregistrées seront perdues aussi. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>The agent will no longer find or cite it. This cannot be undone.</source>
        <translation>L’agent ne le trouvera ni ne le citera plus. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>« %1 » supprimé.</translation>
    </message>
    <message>
        <source>This document was deleted on the server. Saving will create it again.</source>
        <translation>Ce document a été supprimé sur le serveur. L’enregistrer le recréera.</translation>
    </message>
    <message>
        <source>“%1” was deleted on the server.</source>
        <translation>« %1 » a été supprimé sur le serveur.</translation>
    </message>
    <message>
        <source>Someone else saved this document meanwhile. Saving will replace their version; Revert shows theirs.</source>
        <translation>Quelqu’un d’autre a enregistré ce document entre-temps. Enregistrer remplacera sa version ; Rétablir l’affiche.</translation>
    </message>
    <message>
        <source>“%1” was changed on the server; showing the new version.</source>
        <translation>« %1 » a été modifié sur le serveur ; la nouvelle version est affichée.</translation>
    </message>
    <message>
        <source>The server refused the title: %1</source>
        <translation>Le serveur a refusé le titre : %1</translation>
    </message>
    <message>
        <source>The server refused the document id: %1</source>
        <translation>Le serveur a refusé l’identifiant : %1</translation>
    </message>
    <message>
        <source>A document with the id “%1” exists already; choose another id.</source>
        <translation>Un document avec l’identifiant « %1 » existe déjà ; choisissez-en un autre.</translation>
    </message>
    <message>
        <source>The server does not know one of the channels: %1</source>
        <translation>Le serveur ne connaît pas l’un des canaux : %1</translation>
    </message>
    <message>
        <source>The server refused the text: %1</source>
        <translation>Le serveur a refusé le texte : %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Preview failed: %1</source>
        <translation>Échec de l’aperçu : %1</translation>
    </message>
    <message>
        <source>Nothing would be retrieved for this question.</source>
        <translation>Rien ne serait retrouvé pour cette question.</translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s) would be retrieved.</source>
        <translation>
            <numerusform>%n passage serait retrouvé.</numerusform>
            <numerusform>%n passages seraient retrouvés.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KbPreviewModel</name>
    <message>
        <source>Fused score; the question&apos;s coverage is %1%</source>
        <translation>Score combiné ; la question est couverte à %1 %</translation>
    </message>
    <message>
        <source>Rank %1 by BM25</source>
        <translation>Rang %1 selon BM25</translation>
    </message>
    <message>
        <source>Not found by BM25</source>
        <translation>Non trouvé par BM25</translation>
    </message>
    <message>
        <source>Rank %1 by vector similarity</source>
        <translation>Rang %1 selon la similarité vectorielle</translation>
    </message>
    <message>
        <source>Not found by vector similarity</source>
        <translation>Non trouvé par similarité vectorielle</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Lexical (BM25)</source>
        <translation>Lexical (BM25)</translation>
    </message>
    <message>
        <source>Vector</source>
        <translation>Vecteur</translation>
    </message>
    <message>
        <source>Snippet</source>
        <translation>Extrait</translation>
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
        <source>Metrics</source>
        <translation>Mesures</translation>
    </message>
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
    <message>
        <source>Traces</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>Base de connaissances</translation>
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
        <translation>Le serveur n’a envoyé aucune mesure horaire.</translation>
    </message>
    <message>
        <source>The server sent no daily metrics.</source>
        <translation>Le serveur n’a envoyé aucune mesure journalière.</translation>
    </message>
</context>
<context>
    <name>MetricsView</name>
    <message>
        <source>Updating…</source>
        <translation>Mise à jour…</translation>
    </message>
    <message>
        <source>Updated at %1</source>
        <translation>Mis à jour à %1</translation>
    </message>
    <message>
        <source>The metrics dashboard is for administrators: %1 does not have the admin role. Ask an administrator for access.</source>
        <translation>Le tableau de bord des mesures est réservé aux administrateurs : %1 n’a pas le rôle administrateur. Demandez l’accès à un administrateur.</translation>
    </message>
    <message>
        <source>Could not update: %1</source>
        <translation>Mise à jour impossible : %1</translation>
    </message>
    <message>
        <source>Sign in to see the metrics.</source>
        <translation>Connectez-vous pour voir les mesures.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Période :</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;ser</translation>
    </message>
    <message>
        <source>Read the metrics again (they also refresh every 30 seconds while shown)</source>
        <translation>Relire les mesures (elles se mettent aussi à jour toutes les 30 secondes tant qu’elles sont affichées)</translation>
    </message>
    <message>
        <source>Turns: %1 · Handoff rate: %2 % · Tool error rate: %3 % · Latency P50 %4 ms, P95 %5 ms · Cost: %6</source>
        <translation>Tours : %1 · Taux de transfert : %2 % · Taux d’erreur des outils : %3 % · Latence P50 %4 ms, P95 %5 ms · Coût : %6</translation>
    </message>
    <message>
        <source>Turns per hour</source>
        <translation>Tours par heure</translation>
    </message>
    <message numerus="yes">
        <source>Turns per %n hours</source>
        <translation>
            <numerusform>Tours par heure</numerusform>
            <numerusform>Tours par %n heures</numerusform>
        </translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Tours</translation>
    </message>
    <message>
        <source>Turn latency</source>
        <translation>Latence des tours</translation>
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
        <translation>Taux d’erreur des outils et taux de transfert</translation>
    </message>
    <message>
        <source>Tool errors (% of tool calls)</source>
        <translation>Erreurs d’outils (% des appels d’outils)</translation>
    </message>
    <message>
        <source>Handoffs (% of turns)</source>
        <translation>Transferts (% des tours)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Cost per day (USD)</source>
        <translation>Coût par jour (USD)</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
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
    <name>SpanTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>outil</translation>
    </message>
    <message>
        <source>model</source>
        <translation>modèle</translation>
    </message>
    <message>
        <source>state</source>
        <translation>état</translation>
    </message>
    <message>
        <source>other</source>
        <translation>autre</translation>
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
        <translation>erreur</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>+%1 ms, %2 ms</source>
        <translation>+%1 ms, %2 ms</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
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
    <message>
        <source>Show t&amp;race</source>
        <translation>Voir la t&amp;race</translation>
    </message>
    <message>
        <source>Open the trace of the selected agent message (or of the latest turn) in the Traces tab.</source>
        <translation>Ouvre la trace du message de l’agent sélectionné (ou du dernier tour) dans l’onglet « Traces ».</translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Solved</source>
        <translation>Résolu</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <source>Not forwarded</source>
        <translation>Non transmis</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Transmis</translation>
    </message>
    <message>
        <source>Delivery failed</source>
        <translation>Échec de la transmission</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Basse</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normale</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Haute</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <source>Helpdesk id: %1</source>
        <translation>Identifiant helpdesk : %1</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Transmission</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
</context>
<context>
    <name>TicketsView</name>
    <message>
        <source>New ticket %1: %2</source>
        <translation>Nouveau ticket %1 : %2</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut :</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Double-click a ticket (or press Enter) to open its conversation.</source>
        <translation>Double-cliquez sur un ticket (ou appuyez sur Entrée) pour ouvrir sa conversation.</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the tickets: %1</source>
        <translation>Impossible de lire les tickets : %1</translation>
    </message>
    <message>
        <source>Unexpected answer from the server: %1</source>
        <translation>Réponse inattendue du serveur : %1</translation>
    </message>
    <message>
        <source>This ticket has no conversation.</source>
        <translation>Ce ticket n’a pas de conversation.</translation>
    </message>
    <message>
        <source>The conversation of this ticket is not in the thread list.</source>
        <translation>La conversation de ce ticket n’est pas dans la liste.</translation>
    </message>
</context>
<context>
    <name>TraceBrowser</name>
    <message>
        <source>S&amp;how:</source>
        <translation>Affic&amp;her :</translation>
    </message>
    <message>
        <source>T&amp;hread:</source>
        <translation>&amp;Conversation :</translation>
    </message>
    <message>
        <source>Any thread (paste a thread id)</source>
        <translation>Toutes les conversations (collez un identifiant)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Recharger</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>Pl&amp;us</translation>
    </message>
    <message>
        <source>Load older turns.</source>
        <translation>Charger des tours plus anciens.</translation>
    </message>
    <message>
        <source>S&amp;pans of the turn:</source>
        <translation>É&amp;tapes du tour :</translation>
    </message>
    <message>
        <source>All turns</source>
        <translation>Tous les tours</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoués</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Dégradés</translation>
    </message>
    <message>
        <source>Handed off</source>
        <translation>Transmis</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Select a turn to see its spans.</source>
        <translation>Sélectionnez un tour pour voir ses étapes.</translation>
    </message>
    <message>
        <source>Turn %1: %2, route %3, %4 ms; %5 tool calls (%6 failed), %7 model calls, %8 input and %9 output tokens, cost %10.</source>
        <translation>Tour %1 : %2, route %3, %4 ms ; %5 appels d’outils (%6 en échec), %7 appels au modèle, %8 jetons en entrée et %9 en sortie, coût %10.</translation>
    </message>
    <message>
        <source>%1 (%2): starts at +%3 ms, takes %4, %5.</source>
        <translation>%1 (%2) : commence à +%3 ms, dure %4, %5.</translation>
    </message>
    <message>
        <source>Model: %1, template %2, finish reason %3</source>
        <translation>Modèle : %1, gabarit %2, raison de fin %3</translation>
    </message>
    <message>
        <source>Tokens: %1 in, %2 out; cost %3</source>
        <translation>Jetons : %1 en entrée, %2 en sortie ; coût %3</translation>
    </message>
    <message>
        <source>Tool: %1, version %2</source>
        <translation>Outil : %1, version %2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
    <message>
        <source>Error (%1): %2</source>
        <translation>Erreur (%1) : %2</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
</context>
<context>
    <name>TraceListModel</name>
    <message>
        <source>Answered</source>
        <translation>Répondu</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Dégradé</translation>
    </message>
    <message>
        <source>Handed off</source>
        <translation>Transmis</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 en échec)</translation>
    </message>
    <message>
        <source>Turn %1</source>
        <translation>Tour %1</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Appels d’outils</translation>
    </message>
    <message>
        <source>Model calls</source>
        <translation>Appels au modèle</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Conversation</translation>
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
