namespace MusicGen.Representations;

/// <summary>
/// One row of a note table (TensorFlow "Generate music with an RNN", SOURCES.md §3.1):
/// MIDI <paramref name="Pitch"/>, <paramref name="Step"/> = start − previous note's start
/// (0 for the first note), <paramref name="Duration"/> = end − start, <paramref name="Velocity"/>,
/// and the absolute <paramref name="Start"/> / <paramref name="End"/>; all times in seconds.
/// </summary>
public sealed record NoteRow(int Pitch, double Step, double Duration, int Velocity, double Start, double End);
