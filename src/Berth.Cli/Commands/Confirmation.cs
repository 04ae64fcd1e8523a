namespace Berth.Cli.Commands;

/// <summary>docker's "Are you sure you want to continue? [y/N]" before a prune; only y or yes go on.</summary>
internal static class Confirmation
{
    public static async Task<bool> AskAsync(CliContext cli, string warning, CancellationToken cancellationToken)
    {
        await cli.Out.WriteAsync($"{warning}\nAre you sure you want to continue? [y/N] ");
        var answer = (await Console.In.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
