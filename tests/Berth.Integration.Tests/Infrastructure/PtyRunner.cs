using System.Text.Json;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>One step of a terminal conversation: wait until <see cref="WaitFor"/> has appeared in the output
/// (after what earlier steps waited for), then type <see cref="Send"/>.</summary>
public sealed record PtyStep(string WaitFor, string Send);

/// <summary>What came out of the terminal (both streams, as a terminal shows them) and the exit code.</summary>
public sealed record PtyResult(int ExitCode, string Output, bool TimedOut);

/// <summary>
/// Runs a command on a real pseudo-terminal (python's pty module: the command's stdin, stdout and stderr are the
/// pty's slave side, so isatty is true as for someone at a terminal), types the steps' input when their prompt has
/// appeared, and returns everything the terminal showed. The terminal is 40 rows by 100 columns. The command is killed if it outlives the deadline.
/// </summary>
public static class PtyRunner
{
    private const string Script = """
import fcntl, json, os, pty, select, signal, struct, sys, termios, time
spec = json.loads(sys.argv[1])
deadline = time.time() + spec["timeout"]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    for k, v in spec["env"].items():
        os.environ[k] = v
    os.execvp(spec["argv"][0], spec["argv"])
out = b""
steps = spec["steps"]
mark = 0
timed_out = False
def pump(wait):
    global out
    r, _, _ = select.select([fd], [], [], wait)
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    out += data
    return True
open_ = True
while open_:
    if time.time() > deadline:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        break
    if steps:
        want = steps[0]["wait"].encode()
        at = out.find(want, mark)
        if at >= 0:
            mark = at + len(want)
            os.write(fd, steps[0]["send"].encode())
            steps.pop(0)
            continue
    open_ = pump(0.1)
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.stdout.write(json.dumps({"code": code, "out": out.decode("utf-8", "replace"), "timedOut": timed_out}))
""";

    public static async Task<PtyResult> RunAsync(IReadOnlyList<string> argv, IDictionary<string, string> environment, IReadOnlyList<PtyStep> steps, TimeSpan? timeout = null)
    {
        var seconds = (timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds;
        var buffer = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("argv");
            foreach (var arg in argv) json.WriteStringValue(arg);
            json.WriteEndArray();
            json.WriteStartObject("env");
            foreach (var (key, value) in environment) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteStartArray("steps");
            foreach (var step in steps)
            {
                json.WriteStartObject();
                json.WriteString("wait", step.WaitFor);
                json.WriteString("send", step.Send);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("timeout", seconds);
            json.WriteEndObject();
        }
        var spec = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        var result = await ProcessRunner.RunAsync("python3", ["-c", Script, spec], timeout: TimeSpan.FromSeconds(seconds + 30));
        Assert.True(result.ExitCode == 0, $"the pty runner failed: exit {result.ExitCode}\n{result.Stderr}");
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        return new PtyResult(root.GetProperty("code").GetInt32(), root.GetProperty("out").GetString()!, root.GetProperty("timedOut").GetBoolean());
    }
}
