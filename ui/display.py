"""Before QApplication exists: pick the Qt platform, or say in a sentence why no window can open."""

from __future__ import annotations

import ctypes
import os
import sys

NO_DISPLAY = (
    "ShopSentry needs a graphical desktop, and no display was found (DISPLAY and WAYLAND_DISPLAY are "
    "not set). Start it from your desktop session; the command-line commands work without one "
    "(shopsentry --help).\n"
    "店哨需要图形桌面，但没有找到显示器（未设置 DISPLAY / WAYLAND_DISPLAY）。请在桌面环境中启动；"
    "命令行功能无需桌面（shopsentry --help）。"
)
NO_XCB_CURSOR = (
    "ShopSentry cannot open its window: the system library libxcb-cursor0 that Qt needs is missing. "
    "Install it with: sudo apt-get install libxcb-cursor0\n"
    "店哨无法打开窗口：缺少 Qt 需要的系统库 libxcb-cursor0。请安装：sudo apt-get install libxcb-cursor0"
)


X_UNREACHABLE = (
    "ShopSentry cannot open its window: the display %s does not answer. Start it from your desktop "
    "session.\n"
    "店哨无法打开窗口：显示器 %s 无法连接。请在桌面环境中启动。"
)


def _x_display_answers() -> bool:
    """Connect to $DISPLAY the way Qt's xcb plugin will (libxcb), without aborting."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # let Qt report what it is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(None, None)
    ok = xcb.xcb_connection_has_error(conn) == 0
    xcb.xcb_disconnect(conn)
    return ok


def _has_library(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def prepare_display(smoke_test: bool, argv: list[str], env=None, platform: str | None = None) -> str | None:
    """Pick the Qt platform before QApplication exists; return a message when no window can open.

    Qt aborts the process (no exception to catch) when its platform plugin cannot start, so the
    common causes are checked here and answered with a sentence instead of a core dump.
    """
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if env.get("QT_QPA_PLATFORM") or "-platform" in argv:
        return None  # the caller chose
    if smoke_test:
        env["QT_QPA_PLATFORM"] = "offscreen"  # CI and the packaged build have no screen
        return None
    if not platform.startswith("linux"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    if not env.get("WAYLAND_DISPLAY"):
        if not _has_library("libxcb-cursor.so.0"):
            return NO_XCB_CURSOR
        if env is os.environ and not _x_display_answers():
            return X_UNREACHABLE % (env["DISPLAY"], env["DISPLAY"])
    return None
