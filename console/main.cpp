// support-console: only the command line; everything else is in supportconsolelib.
#include "consoleapp.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    return runConsole(app);
}
