namespace Berth.Engine.Images;

/// <summary>
/// One line of a pull's or push's progress, as Docker's jsonmessage carries it: a status for the whole
/// operation (<see cref="Id"/> null) or for one layer (Id = its short ID), with bytes done of a total while
/// a layer moves.
/// </summary>
public sealed record ProgressUpdate(string? Id, string Status, long Current = 0, long Total = 0)
{
    public bool HasBytes => Total > 0;
}
