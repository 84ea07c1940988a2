#!/usr/bin/env python3
"""pty_run.py OUT COLS [NEW_COLS] -- COMMAND...: runs COMMAND on a
pseudo-terminal (its stdin, stdout and stderr), COLS columns wide (0: the
terminal does not say, as under `script` without a terminal), and writes all
it printed to OUT. With NEW_COLS the terminal is resized (which sends
SIGWINCH) once the first redrawn line ('\\r') has come. Exits with the
command's status.

The command is driven step by step, whatever the machine's speed: it gets
INRFIT_TEST_STEP_GATE, the read end of a pipe, and inrfit's fit waits for
one byte there before each step (and redraws after every step); a byte is
written at the start and after each redraw, so the resize lands between two
known steps and every step is drawn."""
import fcntl, os, pty, select, struct, sys, termios

def set_cols(fd, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if cols else 0, cols, 0, 0))

def redraws(data):
    return data.replace(b"\r\n", b"").count(b"\r")

def main():
    sep = sys.argv.index("--")
    out, cols, *rest = sys.argv[1:sep]
    new_cols = int(rest[0]) if rest else None
    gate_r, gate_w = os.pipe()
    pid, fd = pty.fork()
    if pid == 0:
        os.close(gate_w)
        os.set_inheritable(gate_r, True)
        os.environ["INRFIT_TEST_STEP_GATE"] = str(gate_r)
        os.execvp(sys.argv[sep + 1], sys.argv[sep + 1:])
    os.close(gate_r)
    set_cols(fd, int(cols))
    data = b""
    sent = 0
    gate = gate_w

    def release():
        nonlocal gate, sent
        if gate is None:
            return
        try:
            os.write(gate, b".")
            sent += 1
        except OSError:   # EPIPE: the command is past its steps
            os.close(gate)
            gate = None

    release()
    while True:
        # A fallback only: a command that stops drawing still gets its steps.
        ready, _, _ = select.select([fd], [], [], 5.0)
        if not ready:
            release()
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:   # EIO: the command closed the terminal
            break
        if not chunk:
            break
        data += chunk
        n = redraws(data)
        if new_cols is not None and n:
            set_cols(fd, new_cols)
            new_cols = None
        while gate is not None and sent <= n:
            release()
    if gate is not None:
        os.close(gate)
    open(out, "wb").write(data)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))

main()
