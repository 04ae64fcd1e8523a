using Berth.Api.Streams;
using System.CommandLine;
using Berth.Api.Models;
using Berth.Cli.Commands.Container.Attaching;
using Berth.Cli.Commands.Container.Parsing;
using Berth.Cli.Terminal;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// <c>berth exec</c> as docker's: create the exec, then start it detached (-d) or hijacked, copy streams, and
/// exit with the process's exit code read back from exec inspect.
/// </summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Detached mode: run command in the background" };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set environment variables" };
        var envFile = new Option<string[]>("--env-file") { Description = "Read in a file of environment variables" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open even if not attached" };
        var privileged = new Option<bool>("--privileged") { Description = "Give extended privileges to the command" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var user = new Option<string?>("--user", "-u") { Description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var container = new Argument<string>("CONTAINER");
        var args = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Execute a command in a running container")
        {
            detach, detachKeys, env, envFile, interactive, privileged, tty, user, workdir, container, args,
        };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var detached = parse.GetValue(detach);
            var withTty = parse.GetValue(tty);
            var stdin = parse.GetValue(interactive);
            if (!detached && stdin && withTty && !TerminalNative.IsTerminal(0)) throw new CliExitException(1, "the input device is not a TTY");
            List<string>? variables;
            try
            {
                variables = await EnvVariables.ReadAsync(parse.GetValue(envFile) ?? [], parse.GetValue(env) ?? [], Environment.GetEnvironmentVariable, ct);
            }
            catch (Exception e) when (e is FlagValueException or ContainerOptionsException)
            {
                throw new CliExitException(1, e.Message);
            }
            var keys = parse.GetValue(detachKeys);
            var request = new ExecCreateRequest
            {
                User = parse.GetValue(user) ?? "",
                Privileged = parse.GetValue(privileged),
                Tty = withTty,
                AttachStdin = stdin && !detached,
                AttachStdout = !detached,
                AttachStderr = !detached,
                Detach = detached,
                DetachKeys = keys ?? "",
                Env = variables,
                WorkingDir = parse.GetValue(workdir) ?? "",
                Cmd = parse.GetValue(args),
            };
            var execId = (await cli.Client.CreateExecAsync(parse.GetValue(container)!, request, ct)).Id;
            if (detached)
            {
                await cli.Client.StartExecDetachedAsync(execId, withTty, ct);
                return 0;
            }
            var detachSequence = DetachKeys.Parse(string.IsNullOrEmpty(keys) ? DetachKeys.Default : keys);
            using (var connection = await cli.Client.StartExecAttachedAsync(execId, withTty, ct))
            using (var raw = withTty && stdin && TerminalNative.IsTerminal(0) ? RawTerminal.Enter() : null)
            using (var resizer = withTty && TerminalNative.IsTerminal(1)
                ? await TtyResizer.StartAsync((h, w, token) => cli.Client.ResizeExecAsync(execId, h, w, token), cli.Error, ct)
                : null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await using var stderr = withTty ? stdout : Console.OpenStandardError();
                var streams = new HijackedStreams(connection, withTty, stdin ? RawInput.Open() : null, stdout, stderr, detachSequence, connection.CloseWrite);
                try
                {
                    await streams.RunAsync(ct);
                }
                catch (DetachedException)
                {
                    return 0;
                }
            }
            return (await cli.Client.InspectExecAsync(execId, ct)).ExitCode ?? 0;
        });
        return command;
    }
}
