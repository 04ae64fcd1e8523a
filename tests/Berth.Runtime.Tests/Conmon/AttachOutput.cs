using System.Text;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>Collects what an attach connection delivers, stream by stream, within a deadline.</summary>
internal static class AttachOutput
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Everything until conmon closes the connection.</summary>
    public static async Task<(string Stdout, string Stderr)> ReadToEndAsync(AttachConnection connection)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var (stdout, stderr) = (new StringBuilder(), new StringBuilder());
        while (await connection.ReadAsync(deadline.Token) is { } frame)
            (frame.Stream == LogStream.Stdout ? stdout : stderr).Append(Encoding.UTF8.GetString(frame.Data.Span));
        return (stdout.ToString(), stderr.ToString());
    }

    /// <summary>Stdout until it contains <paramref name="expected"/>; fails if the connection ends or time runs out first.</summary>
    public static async Task<string> ReadUntilAsync(AttachConnection connection, string expected)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var stdout = new StringBuilder();
        while (!stdout.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var frame = await connection.ReadAsync(deadline.Token);
            Assert.True(frame is not null, $"the connection ended before '{expected}'; stdout was '{stdout}'");
            if (frame.Stream == LogStream.Stdout) stdout.Append(Encoding.UTF8.GetString(frame.Data.Span));
        }
        return stdout.ToString();
    }
}
