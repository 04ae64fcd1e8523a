using System.Runtime.InteropServices;

namespace Berth.Cli.Commands.Container.Attaching;

/// <summary>
/// --sig-proxy: signals the CLI receives while attached without a TTY are sent to the container with kill, as
/// docker's ForwardAllSignals does, instead of ending the CLI (the container's exit then ends the session).
/// </summary>
internal sealed class SignalProxy : IDisposable
{
    private static readonly (PosixSignal Signal, string Name)[] Forwarded =
    [
        (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGQUIT, "SIGQUIT"), (PosixSignal.SIGTERM, "SIGTERM"),
        ((PosixSignal)10, "SIGUSR1"), ((PosixSignal)12, "SIGUSR2"),
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalProxy(Func<string, Task> kill)
    {
        foreach (var (signal, name) in Forwarded)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _ = ForwardAsync(kill, name);
            }));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }

    private static async Task ForwardAsync(Func<string, Task> kill, string name)
    {
        try
        {
            await kill(name);
        }
        catch (Exception e) when (e is Api.Client.ApiException or IOException or HttpRequestException)
        {
            // docker logs and ignores a failed forward: the container may already have exited.
        }
    }
}
