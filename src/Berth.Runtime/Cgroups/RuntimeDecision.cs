namespace Berth.Runtime.Cgroups;

/// <summary>What <see cref="CgroupPreparer"/> settled on.</summary>
/// <param name="Runtime">The OCI runtime to run containers with: the preferred one, or the fallback.</param>
/// <param name="Actions">What was changed on the host to get there, one entry per change; empty when nothing was.</param>
/// <param name="Message">One line for the daemon's log saying what the host is and why this runtime.</param>
public sealed record RuntimeDecision(string Runtime, IReadOnlyList<string> Actions, string Message);
