using Berth.Api.Models;
using Berth.Cli.Commands.Build.Progress;

namespace Berth.Cli.Tests.Build.Progress;

/// <summary>
/// The classic builder's stream drawn as BuildKit's terminal view: the frames are replayed on a small terminal
/// (<see cref="TerminalScreen"/>) to see what the user is left with, and the redraws are checked move by move.
/// </summary>
public sealed class TtyProgressPrinterTests
{
    private const string ImageId = "sha256:3234567890ab3234567890ab3234567890ab3234567890ab3234567890ab";

    [Fact]
    public async Task Build_FinalFrame_ShowsEveryStepWithItsTime_CachedMarker_ExportAndFinished()
    {
        var run = new TtyRun(width: 72);
        await run.StreamAsync("Step 1/4 : FROM busybox\n");
        await run.StreamAsync(" ---> 9f725ea71e9f\n", afterMs: 20);
        await run.StreamAsync("Step 2/4 : RUN echo hi\n");
        await run.StreamAsync(" ---> Running in 0123456789ab\n", afterMs: 10);
        await run.StreamAsync("hi\n", afterMs: 205);
        await run.StreamAsync(" ---> 1234567890ab\n", afterMs: 85);
        await run.StreamAsync("Step 3/4 : COPY a /a\n");
        await run.StreamAsync(" ---> Using cache\n");
        await run.StreamAsync(" ---> 2234567890ab\n");
        await run.StreamAsync("Step 4/4 : CMD [\"sh\"]\n");
        await run.StreamAsync(" ---> 3234567890ab\n", afterMs: 40);
        await run.StreamAsync("Successfully built 3234567890ab\n");
        await run.StreamAsync("Successfully tagged x:1\n", afterMs: 100);
        await run.Printer.CompleteAsync(ImageId);

        Assert.Equal([
            "[+] Building 0.5s (5/5) FINISHED",
            " => [1/4] FROM docker.io/library/busybox                           0.0s",
            " => [2/4] RUN echo hi                                              0.3s",
            " => CACHED [3/4] COPY a /a                                         0.0s",
            " => [4/4] CMD [\"sh\"]                                               0.0s",
            " => exporting to image                                             0.1s",
            " => => exporting layers                                            0.0s",
            " => => writing image sha256:3234567890ab3234567890ab3234567890ab3  0.0s",
            " => => naming to docker.io/library/x:1                             0.0s",
        ], run.Screen());
        run.AssertRedrawsInPlace();
    }

    [Fact]
    public async Task RunningStep_ShowsItsLastSixOutputLines_AndTheTickerMovesItsTime()
    {
        var run = new TtyRun(width: 50);
        await run.StreamAsync("Step 1/2 : FROM busybox\n");
        await run.StreamAsync(" ---> 9f725ea71e9f\n");
        await run.StreamAsync("Step 2/2 : RUN seq 8\n");
        await run.StreamAsync(" ---> Running in 0123456789ab\n");
        await run.StreamAsync("1\n2\n3\n4\n5\n6\n7\n8\n", afterMs: 100);
        var framesBefore = run.FrameCount;

        // No message for 0.3s: the ticker (every 150ms) redraws twice, with the running time moved on.
        run.Clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(framesBefore + 2, run.FrameCount);
        Assert.Equal([
            "[+] Building 0.3s (1/3)",
            " => [1/2] FROM docker.io/library/busybox     0.0s",
            " => [2/2] RUN seq 8                          0.3s",
            " => => # 3",
            " => => # 4",
            " => => # 5",
            " => => # 6",
            " => => # 7",
            " => => # 8",
        ], run.Screen());

        // Once the step is done its output leaves the view, and the shorter frame leaves nothing of it behind.
        await run.StreamAsync(" ---> 1234567890ab\n");
        await run.StreamAsync("Successfully built 1234567890ab\n");
        await run.Printer.CompleteAsync(ImageId);
        Assert.Equal([
            "[+] Building 0.4s (3/3) FINISHED",
            " => [1/2] FROM docker.io/library/busybox     0.0s",
            " => [2/2] RUN seq 8                          0.4s",
            " => exporting to image                       0.0s",
            " => => exporting layers                      0.0s",
            " => => writing image sha256:3234567890ab323  0.0s",
        ], run.Screen());
        run.AssertRedrawsInPlace();

        // After the last frame the ticker draws no more.
        var framesAtEnd = run.FrameCount;
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(framesAtEnd, run.FrameCount);
    }

    [Fact]
    public async Task FailingRun_IsMarkedError_AndItsLogAndTheErrorFollowTheView()
    {
        const string message = "The command '/bin/sh -c echo hi && exit 3' returned a non-zero code: 3";
        var run = new TtyRun(width: 100);
        var code = await run.PrintAsync(
            (0, new JsonMessage { Stream = "Step 1/2 : FROM busybox\n" }),
            (0, new JsonMessage { Stream = " ---> 9f725ea71e9f\n" }),
            (0, new JsonMessage { Stream = "Step 2/2 : RUN echo hi && exit 3\n" }),
            (0, new JsonMessage { Stream = " ---> Running in 0123456789ab\n" }),
            (120, new JsonMessage { Stream = "hi\n" }),
            (40, JsonMessage.Failure(message, 3)));

        Assert.Equal(3, code);
        Assert.Equal([
            "[+] Building 0.2s (2/3)",
            " => [1/2] FROM docker.io/library/busybox                                                       0.0s",
            " => ERROR [2/2] RUN echo hi && exit 3                                                          0.2s",
            "------",
            " > [2/2] RUN echo hi && exit 3:",
            "0.120 hi",
            "------",
            $"ERROR: failed to solve: {message}",
        ], run.Screen());
        run.AssertRedrawsInPlace();
    }

    [Fact]
    public async Task NarrowTerminal_CutsNamesAndOutput_SoNoLineWraps()
    {
        var run = new TtyRun(width: 40);
        await run.StreamAsync("Step 1/1 : RUN echo a-very-long-command-line-that-does-not-fit-in-forty-columns\n");
        await run.StreamAsync("an output line that is also much wider than the forty columns\n", afterMs: 1000);

        Assert.Equal([
            "[+] Building 1.0s (0/2)",
            " => [1/1] RUN echo a-very-long-co  1.0s",
            " => => # an output line that is also mu",
        ], run.Screen());
        run.AssertRedrawsInPlace();
    }

    [Fact]
    public async Task TerminalTooNarrowForAName_LeavesTheVertexOut()
    {
        var run = new TtyRun(width: 20);
        await run.StreamAsync("Step 1/1 : RUN true\n");

        Assert.Equal(["[+] Building 0.0s ("], run.Screen());
    }

    [Fact]
    public async Task FrameTallerThanTheTerminal_DropsFinishedStepsFromTheTop()
    {
        var run = new TtyRun(width: 50, height: 5);
        for (var i = 1; i <= 6; i++)
        {
            await run.StreamAsync($"Step {i}/6 : ENV N={i}\n");
            await run.StreamAsync($" ---> {i}234567890ab\n", afterMs: 100);
        }
        await run.StreamAsync("Successfully built 6234567890ab\n");
        await run.Printer.CompleteAsync(ImageId);

        Assert.Equal([
            "[+] Building 0.6s (7/7) FINISHED",
            " => exporting to image                       0.0s",
            " => => exporting layers                      0.0s",
            " => => writing image sha256:3234567890ab323  0.0s",
        ], run.Screen());
        run.AssertRedrawsInPlace();
    }

    [Fact]
    public async Task Colours_FinishedBlue_ErrorRed_OutputFaint_RunningPlain()
    {
        var run = new TtyRun(width: 60, color: true);
        await run.StreamAsync("Step 1/2 : FROM busybox\n");
        await run.StreamAsync(" ---> Using cache\n");
        await run.StreamAsync("Step 2/2 : RUN false\n");
        await run.StreamAsync("out\n", afterMs: 200);
        run.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains("\r\u001b[2K => [2/2] RUN false    ", run.Output.ToString());
        Assert.Contains("\u001b[2m => => # out\u001b[0m", run.Output.ToString());

        await run.Printer.FailAsync("boom");

        Assert.Contains("\u001b[34m => CACHED [1/2] FROM docker.io/library/busybox        0.0s\u001b[0m", run.Output.ToString());
        Assert.Contains("\u001b[31m => ERROR [2/2] RUN false", run.Output.ToString());
    }

    [Fact]
    public async Task MessagesInQuickSuccession_AreDrawnAtMostEvery100ms()
    {
        var run = new TtyRun();
        await run.StreamAsync("Step 1/1 : RUN seq 3\n");
        await run.StreamAsync("1\n", afterMs: 10);
        await run.StreamAsync("2\n", afterMs: 10);
        Assert.Equal(1, run.FrameCount);

        await run.StreamAsync("3\n", afterMs: 80);
        Assert.Equal(2, run.FrameCount);
        Assert.Contains(" => => # 3", run.Screen());
    }

    [Theory]
    [InlineData("plain", typeof(PlainProgressPrinter))]
    [InlineData("tty", typeof(TtyProgressPrinter))]
    public void EachModeGetsItsPrinter_AndQuietNone(string progress, Type printer)
    {
        var mode = ProgressModes.Resolve(progress, quietFlag: false, stderrIsTerminal: false);
        Assert.IsType(printer, ProgressPrinters.Create(mode, TextWriter.Null, TimeProvider.System));
        Assert.Null(ProgressPrinters.Create(ProgressMode.Quiet, TextWriter.Null, TimeProvider.System));
    }

    /// <summary>A printer on a terminal of a given size, its output, and the clock it reads.</summary>
    private sealed class TtyRun
    {
        private readonly int _width;

        public TtyRun(int width = 60, int height = 40, bool color = false)
        {
            _width = width;
            Printer = new TtyProgressPrinter(Output, Clock, () => new TerminalView(width, height, color));
        }

        public SteppedClock Clock { get; } = new();

        public StringWriter Output { get; } = new() { NewLine = "\n" };

        public TtyProgressPrinter Printer { get; }

        public int FrameCount => Output.ToString().Split("\u001b[J").Length - 1;

        public async Task StreamAsync(string text, int afterMs = 0)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(afterMs));
            await Printer.WriteAsync(text);
        }

        public async Task<int> PrintAsync(params (int AfterMs, JsonMessage Message)[] messages)
        {
            var stdout = new StringWriter();
            return await BuildStreamPrinter.PrintAsync(ReplayAsync(messages), Printer, stdout, Output, null, CancellationToken.None);
        }

        public List<string> Screen() => TerminalScreen.Render(Output.ToString(), _width);

        /// <summary>Each redraw goes up exactly as many lines as the frame before it drew: no more (it would eat what was above), no less.</summary>
        public void AssertRedrawsInPlace()
        {
            // A line as wide as the terminal would wrap and take two rows: BuildKit's stop one column short.
            Assert.All(TerminalScreen.FrameLines(Output.ToString()), line => Assert.True(line.Length < _width, line));
            var frames = TerminalScreen.Frames(Output.ToString());
            Assert.True(frames.Count > 1, "the view was never redrawn");
            Assert.Equal(0, frames[0].Up);
            for (var i = 1; i < frames.Count; i++)
                Assert.Equal(frames[i - 1].Text.Count(c => c == '\n'), frames[i].Up);
        }

        private async IAsyncEnumerable<JsonMessage> ReplayAsync((int AfterMs, JsonMessage Message)[] messages)
        {
            foreach (var (afterMs, message) in messages)
            {
                await Task.Yield();
                Clock.Advance(TimeSpan.FromMilliseconds(afterMs));
                yield return message;
            }
        }
    }
}
