namespace Berth.Build;

/// <summary>Where a build reports progress: text as the classic builder prints it ("Step 1/3 : FROM …").</summary>
public interface IBuildOutput
{
    ValueTask WriteAsync(string text, CancellationToken cancellationToken);
}
