using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Container and exec ids name files in directories that every monitor shares (the exit directory, the socket
/// directory), so each must be one plain file name: a slash or a dot-dot would reach outside them.
/// </summary>
internal static class ConmonIds
{
    /// <param name="what">What the id names, for the message: "container" or "exec".</param>
    public static void Check(string id, string what)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." || id.IndexOfAny(['/', '\0']) >= 0)
            throw BerthException.Invalid($"invalid {what} id '{id}'");
    }
}
