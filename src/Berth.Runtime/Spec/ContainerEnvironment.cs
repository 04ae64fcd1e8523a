namespace Berth.Runtime.Spec;

/// <summary>
/// Builds the container's environment in Docker's order: its defaults (PATH, HOSTNAME, TERM with a tty),
/// then the image's variables, then <c>-e</c>, each replacing an earlier one with the same key in place
/// and otherwise appending. A bare <c>KEY</c> removes the variable. HOME comes last, from passwd, when
/// nothing set it (runc and crun would add the same, but the spec should say what the process gets).
/// </summary>
internal static class ContainerEnvironment
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyList<string> Build(string hostname, bool tty, IReadOnlyList<string>? image, IReadOnlyList<string>? user, string home)
    {
        var env = new List<string> { "PATH=" + DefaultPath, "HOSTNAME=" + hostname };
        if (tty) env.Add("TERM=xterm");
        Merge(env, image);
        Merge(env, user);
        env.RemoveAll(e => !e.Contains('='));
        if (!env.Exists(e => Key(e) == "HOME")) env.Add("HOME=" + home);
        return env;
    }

    private static void Merge(List<string> env, IReadOnlyList<string>? overrides)
    {
        foreach (var entry in overrides ?? [])
        {
            var index = env.FindIndex(e => Key(e) == Key(entry));
            if (index >= 0) env[index] = entry;
            else env.Add(entry);
        }
    }

    private static string Key(string entry) => entry.IndexOf('=') is var i and >= 0 ? entry[..i] : entry;
}
