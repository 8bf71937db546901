# ruleid: obsolete-native-module
import dl

# ruleid: obsolete-native-module
import gl as graphics

# ok: obsolete-native-module
import ctypes

# ok: obsolete-native-module
import dis


def load():
    # ruleid: obsolete-native-module
    from dl import open as load_library

    return load_library("libc.so.6"), graphics, dl, ctypes, dis
