using System.Runtime.CompilerServices;
using Berth.Api.Models;
using Berth.Cli.Commands.Build.Progress;

namespace Berth.Cli.Tests.Build.Progress;

/// <summary>A classic build stream replayed through the printer on a clock that moves only when the recording says so.</summary>
internal sealed class RecordedBuild
{
    private readonly List<(TimeSpan Wait, JsonMessage Message)> _messages = [];
    private readonly ManualClock _clock = new();

    public RecordedBuild Stream(string text, int afterMs = 0) => Add(new JsonMessage { Stream = text }, afterMs);

    public RecordedBuild Image(string id) => Add(new JsonMessage { Aux = new BuildResult(id) }, 0);

    public RecordedBuild Failure(string message, int code, int afterMs = 0) => Add(JsonMessage.Failure(message, code), afterMs);

    public async Task<(int ExitCode, string Stdout, string Stderr)> PrintAsync(bool quiet = false, string? iidFile = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var printer = quiet ? null : new PlainProgressPrinter(stderr, _clock);
        var code = await BuildStreamPrinter.PrintAsync(ReplayAsync(), printer, stdout, stderr, iidFile, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private RecordedBuild Add(JsonMessage message, int afterMs)
    {
        _messages.Add((TimeSpan.FromMilliseconds(afterMs), message));
        return this;
    }

    private async IAsyncEnumerable<JsonMessage> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (wait, message) in _messages)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            _clock.Now += wait;
            yield return message;
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
