#pragma once
#include <QString>

class QAbstractItemModel;
class QTableView;
class QWidget;

// The console's lists (threads, turns, tickets, documents, preview results):
// a read-only table of whole rows, one selected at a time, alternating rows
// of one text line each, and `stretchColumn` taking the spare width (-1: the
// last column).
QTableView *rowTable(QAbstractItemModel *model, int stretchColumn, const QString &objectName, QWidget *parent);
