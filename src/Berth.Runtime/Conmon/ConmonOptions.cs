namespace Berth.Runtime.Conmon;

/// <summary>Where conmon is and the directories that all of one daemon's monitors share.</summary>
public sealed record ConmonOptions
{
    /// <summary>The conmon binary (Debian's <c>/usr/bin/conmon</c>).</summary>
    public required string ConmonPath { get; init; }

    /// <summary>Where monitors write exit files, one per container named by its id.</summary>
    public required string ExitDir { get; init; }

    /// <summary>
    /// Where monitors put attach sockets: conmon links <c>SOCKETDIR/ID</c> to the bundle, which holds the
    /// <c>attach</c> socket, so the socket's path stays under the 108 bytes a unix socket address allows.
    /// </summary>
    public required string SocketDir { get; init; }

    /// <summary>conmon's own log level (error, warning, info, debug, trace); it logs to syslog with debug.</summary>
    public string LogLevel { get; init; } = "error";

    /// <summary>How long create may take (conmon's start-up plus the runtime's create), and the same for starting an exec.</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
