using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>Note tables (SOURCES.md §3.1) and right-hand melody extraction (Ozawa &amp; Okazaki 2022).</summary>
public class NoteTableMelodyTests
{
    [Fact]
    public void Rows_are_sorted_by_start_then_pitch_with_step_from_the_previous_start()
    {
        var inst = new Instrument(0);
        // Stored in note-off order, as pretty_midi stores them.
        inst.Notes.Add(new Note(67, 80, 0.5, 0.75));
        inst.Notes.Add(new Note(64, 70, 0.5, 1.0));
        inst.Notes.Add(new Note(60, 90, 0.25, 1.5));
        var table = NoteTable.FromInstrument(inst);
        Assert.Equal(new[] { 60, 64, 67 }, table.Rows.Select(r => r.Pitch));
        Assert.Equal(new[] { 0, 0.25, 0 }, table.Rows.Select(r => r.Step));
        Assert.Equal(new[] { 1.25, 0.5, 0.25 }, table.Rows.Select(r => r.Duration));
        Assert.Equal(new[] { 90, 70, 80 }, table.Rows.Select(r => r.Velocity));
        var a = table.ToArray("pitch", "step", "duration");
        Assert.Equal(new float[,] { { 60, 0, 1.25f }, { 64, 0.25f, 0.5f }, { 67, 0, 0.25f } }, a);
        Assert.Throws<ArgumentException>(() => table.ToArray("loudness"));
    }

    [Fact]
    public void Notes_from_steps_accumulate_starts_and_clip_negatives()
    {
        var notes = NoteTable.ToNotes(new[] { (60, 0.0, 0.5), (62, 0.5, -1.0), (64, -0.2, 0.25) });
        Assert.Equal(new[] { 0, 0.5, 0.5 }, notes.Select(n => n.Start));
        Assert.Equal(new[] { 0.5, 0.5, 0.75 }, notes.Select(n => n.End));
        Assert.All(notes, n => Assert.Equal(100, n.Velocity));
        var table = NoteTable.FromNotes(notes);
        Assert.Equal(notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch), table.ToNotes());
    }

    [Fact]
    public void Skyline_keeps_the_highest_pitch_and_never_overlaps()
    {
        var notes = new[]
        {
            new Note(60, 80, 0.0, 1.0), new Note(64, 80, 0.0, 0.5),   // same onset: 64 wins
            new Note(55, 80, 0.2, 0.4),                              // lower while 64 sounds: dropped
            new Note(72, 90, 0.3, 0.6),                              // higher: cuts 64 at 0.3
            new Note(71, 90, 0.6, 0.8),                              // after 72 ends: kept
        };
        var line = Melody.Skyline(notes);
        Assert.Equal(new[] { 64, 72, 71 }, line.Select(n => n.Pitch));
        Assert.Equal(new[] { 0.3, 0.6, 0.8 }, line.Select(n => n.End));
        var rng = new Random(5);
        var random = Enumerable.Range(0, 300).Select(_ =>
        {
            var s = Math.Round(rng.NextDouble() * 20, 2);
            return new Note(rng.Next(40, 90), 64, s, s + Math.Round(rng.NextDouble(), 2));
        }).ToList();
        var mono = Melody.Skyline(random);
        for (var i = 1; i < mono.Count; i++) Assert.True(mono[i].Start >= mono[i - 1].End);
        Assert.True(mono.Count > 10);
    }

    [Fact]
    public void Right_hand_is_found_by_name_else_the_first_note_carrying_track()
    {
        var song = new MidiSong();
        var empty = new Instrument(0, name: "Tempo track");
        var left = new Instrument(0, name: "Piano left");
        left.Notes.Add(new Note(48, 80, 0, 1));
        var right = new Instrument(0, name: "Piano right");
        right.Notes.Add(new Note(72, 80, 0, 1));
        song.Instruments.AddRange([empty, left, right]);
        Assert.Same(right, Melody.FindRightHand(song));
        Assert.Equal(72, Melody.ExtractRightHand(song).Single().Pitch);
        right.Name = "Melody";
        Assert.Same(left, Melody.FindRightHand(song));
        Assert.Empty(Melody.ExtractRightHand(new MidiSong()));
    }
}

/// <summary>How note tables and vocabularies display in a notebook.</summary>
public class RepresentationDisplayTests
{
    [Fact]
    public void Note_table_shows_aligned_text_and_an_html_table_of_the_first_rows()
    {
        var notes = Enumerable.Range(0, 15).Select(i => new MusicGen.Midi.Note(60 + i, 80, i * 0.5, i * 0.5 + 0.25));
        var table = NoteTable.FromNotes(notes);
        var text = table.ToText(3);
        Assert.Contains("pitch  step  duration  velocity  start   end", text);
        Assert.Contains("… 12 more rows", text);
        var html = table.ToHtml(3);
        Assert.Equal(4, html.Split("<tr>").Length - 1); // header + 3 rows
        Assert.Contains("15 notes, first 3 shown", html);
        var formatters = new RepresentationFormatterSource().CreateTypeFormatters().ToList();
        Assert.Equal(3, formatters.Count);
        Assert.Contains("e, 1: [60]", Vocabulary.FirstSeen(new[] { "e", "[60]" }).ToText().Replace("0: ", ""));
    }
}
