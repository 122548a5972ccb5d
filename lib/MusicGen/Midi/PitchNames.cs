using System.Globalization;

namespace MusicGen.Midi;

/// <summary>
/// MIDI pitch → name with octave, 60 = C4 (octave = pitch / 12 − 1), in the two spellings the project needs: pretty_midi's
/// <c>note_number_to_name</c> (sharps only: C, C#, D, D#, …; axis labels) and music21's for a pitch made from a MIDI
/// number (<c>pitch._convertPsToStep</c>: C#, F#, G# but E-, B-, '-' being music21's flat; the note tokens of
/// <see cref="Representations.NoteChordTokens"/>). The one place that spells pitches.
/// </summary>
public static class PitchNames
{
    static readonly string[] s_sharps = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
    static readonly string[] s_music21 = ["C", "C#", "D", "E-", "E", "F", "F#", "G", "G#", "A", "B-", "B"];

    /// <summary>pretty_midi's name: 60 → "C4", 70 → "A#4".</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0–127.</exception>
    public static string Name(int pitch) => Spell(pitch, s_sharps);

    /// <summary>music21's name: 60 → "C4", 70 → "B-4", 66 → "F#4".</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0–127.</exception>
    public static string Music21Name(int pitch) => Spell(pitch, s_music21);

    static string Spell(int pitch, string[] classes)
    {
        if ((uint)pitch > 127) throw new ArgumentOutOfRangeException(nameof(pitch), pitch, "MIDI pitch must be 0–127.");
        return classes[pitch % 12] + (pitch / 12 - 1).ToString(CultureInfo.InvariantCulture);
    }
}
