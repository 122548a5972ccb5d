namespace MusicGen.Notebooks.References;

/// <summary>A <c>#r "nuget: …"</c> that cannot be restored; the message is one line naming the
/// package and the reason.</summary>
public sealed class NuGetRestoreException(string message) : Exception(message);
