using Berth.Cli.Terminal;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>The progress view for a mode: none when quiet, BuildKit's plain log, or its terminal view on stderr.</summary>
internal static class ProgressPrinters
{
    private const int StderrFd = 2;

    public static IBuildProgress? Create(ProgressMode mode, TextWriter error, TimeProvider clock) => mode switch
    {
        ProgressMode.Quiet => null,
        ProgressMode.Plain => new PlainProgressPrinter(error, clock),
        // As BuildKit: colours unless NO_COLOR is set; the size is read per frame (0 when stderr is no terminal, and
        // the frame then takes 80 columns).
        _ => new TtyProgressPrinter(error, clock, () =>
        {
            var (height, width) = TerminalNative.Size(StderrFd);
            return new TerminalView((int)width, (int)height, string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
        }),
    };
}
