/**
 * The registry of NodeGui signal maps that {@link SignalPayload} reads payload types from.
 *
 * Why a registry: NodeGui's signal map is a class type parameter (`EventWidget<Signals>`) used only inside the
 * generic `addEventListener<K extends keyof Signals>` overload, and TypeScript cannot infer it back from an
 * instance type; it can recover the exact key set (the overload's constraint). The payloads come from the
 * registered map whose keys are exactly that set. Add your own widgets' maps by declaration merging:
 *
 * ```ts
 * declare module 'qtasyncio/rx' {
 *   interface SignalMapRegistry { MyWidget: MyWidgetSignals }
 * }
 * ```
 *
 * @packageDocumentation
 */
import type {
  FlexLayoutSignals,
  QAbstractButtonSignals,
  QAbstractItemViewSignals,
  QAbstractSliderSignals,
  QAbstractSpinBoxSignals,
  QActionSignals,
  QBoxLayoutSignals,
  QButtonGroupSignals,
  QCalendarWidgetSignals,
  QCheckBoxSignals,
  QColorDialogSignals,
  QComboBoxSignals,
  QDateTimeEditSignals,
  QDialogSignals,
  QDialSignals,
  QDoubleSpinBoxSignals,
  QErrorMessageSignals,
  QFileDialogSignals,
  QFontDialogSignals,
  QFrameSignals,
  QGraphicsBlurEffectSignals,
  QGraphicsDropShadowEffectSignals,
  QGraphicsEffectSignals,
  QGridLayoutSignals,
  QGroupBoxSignals,
  QHeaderViewSignals,
  QInputDialogSignals,
  QLabelSignals,
  QLayoutSignals,
  QLCDNumberSignals,
  QLineEditSignals,
  QListViewSignals,
  QListWidgetSignals,
  QMainWindowSignals,
  QMenuBarSignals,
  QMenuSignals,
  QMessageBoxSignals,
  QObjectSignals,
  QPlainTextEditSignals,
  QProgressBarSignals,
  QProgressDialogSignals,
  QPushButtonSignals,
  QRadioButtonSignals,
  QScrollAreaSignals,
  QScrollBarSignals,
  QShortcutSignals,
  QSliderSignals,
  QSpinBoxSignals,
  QSplitterSignals,
  QStackedLayoutSignals,
  QStackedWidgetSignals,
  QStandardItemModelSignals,
  QStatusBarSignals,
  QSystemTrayIconSignals,
  QTabBarSignals,
  QTableViewSignals,
  QTableWidgetSignals,
  QTabWidgetSignals,
  QTextBrowserSignals,
  QTextEditSignals,
  QToolButtonSignals,
  QTreeWidgetSignals,
  QWidgetSignals,
} from '@nodegui/nodegui';

/**
 * Every signal map `fromSignal` knows, by name (NodeGui 0.74's exported `*Signals` interfaces). Extend it by
 * declaration merging for your own `QWidget<MySignals>` subclasses.
 *
 * @example
 * ```ts
 * import type { QWidgetSignals } from '@nodegui/nodegui';
 * interface ClockSignals extends QWidgetSignals {
 *   tick: () => void;
 * }
 * declare module 'qtasyncio/rx' {
 *   interface SignalMapRegistry { Clock: ClockSignals }
 * }
 * ```
 */
export interface SignalMapRegistry {
  FlexLayout: FlexLayoutSignals;
  QAbstractButton: QAbstractButtonSignals;
  QAbstractItemView: QAbstractItemViewSignals;
  QAbstractSlider: QAbstractSliderSignals;
  QAbstractSpinBox: QAbstractSpinBoxSignals;
  QAction: QActionSignals;
  QBoxLayout: QBoxLayoutSignals;
  QButtonGroup: QButtonGroupSignals;
  QCalendarWidget: QCalendarWidgetSignals;
  QCheckBox: QCheckBoxSignals;
  QColorDialog: QColorDialogSignals;
  QComboBox: QComboBoxSignals;
  QDateTimeEdit: QDateTimeEditSignals;
  QDial: QDialSignals;
  QDialog: QDialogSignals;
  QDoubleSpinBox: QDoubleSpinBoxSignals;
  QErrorMessage: QErrorMessageSignals;
  QFileDialog: QFileDialogSignals;
  QFontDialog: QFontDialogSignals;
  QFrame: QFrameSignals;
  QGraphicsBlurEffect: QGraphicsBlurEffectSignals;
  QGraphicsDropShadowEffect: QGraphicsDropShadowEffectSignals;
  QGraphicsEffect: QGraphicsEffectSignals;
  QGridLayout: QGridLayoutSignals;
  QGroupBox: QGroupBoxSignals;
  QHeaderView: QHeaderViewSignals;
  QInputDialog: QInputDialogSignals;
  QLCDNumber: QLCDNumberSignals;
  QLabel: QLabelSignals;
  QLayout: QLayoutSignals;
  QLineEdit: QLineEditSignals;
  QListView: QListViewSignals;
  QListWidget: QListWidgetSignals;
  QMainWindow: QMainWindowSignals;
  QMenuBar: QMenuBarSignals;
  QMenu: QMenuSignals;
  QMessageBox: QMessageBoxSignals;
  QObject: QObjectSignals;
  QPlainTextEdit: QPlainTextEditSignals;
  QProgressBar: QProgressBarSignals;
  QProgressDialog: QProgressDialogSignals;
  QPushButton: QPushButtonSignals;
  QRadioButton: QRadioButtonSignals;
  QScrollArea: QScrollAreaSignals;
  QScrollBar: QScrollBarSignals;
  QShortcut: QShortcutSignals;
  QSlider: QSliderSignals;
  QSpinBox: QSpinBoxSignals;
  QSplitter: QSplitterSignals;
  QStackedLayout: QStackedLayoutSignals;
  QStackedWidget: QStackedWidgetSignals;
  QStandardItemModel: QStandardItemModelSignals;
  QStatusBar: QStatusBarSignals;
  QSystemTrayIcon: QSystemTrayIconSignals;
  QTabBar: QTabBarSignals;
  QTabWidget: QTabWidgetSignals;
  QTableView: QTableViewSignals;
  QTableWidget: QTableWidgetSignals;
  QTextBrowser: QTextBrowserSignals;
  QTextEdit: QTextEditSignals;
  QToolButton: QToolButtonSignals;
  QTreeWidget: QTreeWidgetSignals;
  QWidget: QWidgetSignals;
}
