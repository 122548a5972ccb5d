using System.Text.Json;
using MusicGen.Evaluation;
using MusicGen.Midi;

namespace MusicGen.Tests.Evaluation;

/// <summary>
/// Yang &amp; Lerch features and the whole set report against the NumPy/SciPy re-computation of
/// mgeval in tests/scripts/evaluation/make_fixtures.py (Fixtures/Evaluation/yang_lerch.json):
/// random songs at 120 bpm with sustain pedal, extra pitched and drum tracks and 3/4 and 6/8 bars.
/// </summary>
public class YangLerchGoldenTests
{
    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "yang_lerch.json"))).RootElement);

    private static MidiSong ToSong(JsonElement s)
    {
        var song = new MidiSong(480);
        song.TempoChanges.Add(new TempoChange(0, 120));
        var ts = s.GetProperty("time_signature").Doubles();
        song.TimeSignatures.Add(new TimeSignature((int)ts[0], (int)ts[1], 0));
        foreach (var i in s.GetProperty("instruments").EnumerateArray())
        {
            var drum = i.GetProperty("is_drum").GetBoolean();
            var inst = new Instrument(0, drum, "", drum ? 9 : 0);
            foreach (var n in i.GetProperty("notes").Rows()) inst.Notes.Add(new Note((int)n[0], (int)n[1], n[2], n[3]));
            foreach (var c in i.GetProperty("ccs").Rows()) inst.ControlChanges.Add(new ControlChange((int)c[0], (int)c[1], c[2]));
            song.Instruments.Add(inst);
        }
        return song;
    }

    private static List<MidiSong> Set(string name) => Root.Value.GetProperty(name).EnumerateArray().Select(ToSong).ToList();

    [Fact]
    public void Every_feature_of_every_song_matches_numpy()
    {
        foreach (var (set, features) in new[] { ("set1", "features1"), ("set2", "features2") })
        {
            var songs = Set(set);
            var expected = Root.Value.GetProperty(features).EnumerateArray().ToList();
            Assert.Equal(expected.Count, songs.Count);
            for (var k = 0; k < songs.Count; k++)
                foreach (var (name, extract) in YangLerch.DefaultFeatures)
                {
                    var want = expected[k].GetProperty(name).Doubles();
                    var got = extract(songs[k]);
                    Assert.Equal(want.Length, got.Length);
                    for (var i = 0; i < want.Length; i++)
                        Fixture.Close(want[i], got[i], 1e-12, 1e-12, $"{set}[{k}].{name}[{i}]");
                }
        }
    }

    [Fact]
    public void Set_report_matches_scipy()
    {
        var report = YangLerch.Compare(Set("set1"), Set("set2"));
        foreach (var f in report)
        {
            var want = Root.Value.GetProperty("report").GetProperty(f.Feature);
            Assert.Equal(5, f.Samples);
            var m1 = want.GetProperty("mean1").Doubles();
            for (var i = 0; i < m1.Length; i++) Fixture.Close(m1[i], f.MeanGenerated[i], 1e-12, 1e-12, $"{f.Feature} mean1");
            var s2 = want.GetProperty("std2").Doubles();
            for (var i = 0; i < s2.Length; i++) Fixture.Close(s2[i], f.StdReference[i], 1e-9, 1e-12, $"{f.Feature} std2");
            Fixture.Close(want.GetProperty("kl_intra1_inter").GetDouble(), f.KlIntraGeneratedInter, 1e-8, 1e-12, $"{f.Feature} KL1");
            Fixture.Close(want.GetProperty("kl_intra2_inter").GetDouble(), f.KlIntraReferenceInter, 1e-8, 1e-12, $"{f.Feature} KL2");
            Fixture.Close(want.GetProperty("oa_intra1_inter").GetDouble(), f.OaIntraGeneratedInter, 0, 1e-6, $"{f.Feature} OA1");
            Fixture.Close(want.GetProperty("oa_intra2_inter").GetDouble(), f.OaIntraReferenceInter, 0, 1e-6, $"{f.Feature} OA2");
        }
    }
}
