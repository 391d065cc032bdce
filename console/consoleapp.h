#pragma once
class QApplication;

// Reads the command line, builds the window and runs the event loop.
//   --server URL --user NAME   prefill (and try the kept token for) this session
//   --language CODE            en, de or fr for this run (the settings keep the menu's choice)
//   --no-keychain              keep the token in memory only
//   --screenshot DIR           sign in (password from SUPPORT_CONSOLE_PASSWORD), save a PNG
//                              of each main view into DIR, and quit
int runConsole(QApplication &app);
