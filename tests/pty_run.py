#!/usr/bin/env python3
"""pty_run.py OUT COLS [NEW_COLS] -- COMMAND...: runs COMMAND on a
pseudo-terminal (its stdin, stdout and stderr), COLS columns wide (0: the
terminal does not say, as under `script` without a terminal), and writes all
it printed to OUT. With NEW_COLS the terminal is resized (which sends
SIGWINCH) once the first redrawn line ('\\r') has come. Exits with the
command's status."""
import fcntl, os, pty, struct, sys, termios

def set_cols(fd, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if cols else 0, cols, 0, 0))

def main():
    sep = sys.argv.index("--")
    out, cols, *rest = sys.argv[1:sep]
    new_cols = int(rest[0]) if rest else None
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[sep + 1], sys.argv[sep + 1:])
    set_cols(fd, int(cols))
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:   # EIO: the command closed the terminal
            break
        if not chunk:
            break
        data += chunk
        if new_cols is not None and b"\r" in data.replace(b"\r\n", b""):
            set_cols(fd, new_cols)
            new_cols = None
    open(out, "wb").write(data)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))

main()
