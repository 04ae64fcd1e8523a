using Berth.Api.Client;

namespace Berth.Cli.Commands;

/// <summary>What every command gets: a client for the daemon the user pointed at, and the output streams.</summary>
internal sealed class CliContext(string? hostFlag, TextWriter output, TextWriter error) : IDisposable
{
    private BerthClient? _client;

    public BerthClient Client => _client ??= new BerthClient(DaemonHost.Resolve(hostFlag));
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    public void Dispose() => _client?.Dispose();
}
