using MusicGen.Models;

namespace MusicGen.Tests.Models;

/// <summary>Presets registry, parameter counts pinned to the papers, options JSON.</summary>
public class PresetRegistryTests
{
    internal static readonly string[] NineIds =
    [
        "melody-lstm", "melody-resnet-lstm", "chord-lstm", "chord-bilstm", "chord-stacked-lstm", "chord-conv-lstm",
        "pitch-step-duration", "notes-and-chords", "pitch-regression",
    ];

    [Fact]
    public void Registry_finds_every_preset_with_unique_ids()
    {
        var ids = Presets.Ids;
        foreach (var id in NineIds) Assert.Contains(id, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(Presets.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Citation)));
    }

    [Fact]
    public void Unknown_preset_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Presets.Get("no-such-preset"));
        Assert.Contains("unknown preset 'no-such-preset'", e.Message);
        Assert.Contains("pitch-step-duration", e.Message);
    }

    [Fact]
    public void Get_returns_a_fresh_instance()
    {
        var a = Presets.Get("melody-lstm");
        a.Options.HiddenSize = 3;
        Assert.NotEqual(3, Presets.Get("melody-lstm").Options.HiddenSize);
    }

    [Fact]
    public void Pitch_step_duration_has_84354_Keras_and_84866_PyTorch_parameters()
    {
        var p = Presets.Get("pitch-step-duration");
        Assert.Equal(84_354, p.KerasParameterCount());
        Assert.Equal(84_866, p.ParameterCount());
        Assert.Equal(84_866, p.CreateModel().ParameterCount());
    }

    [Fact]
    public void Notes_and_chords_has_5457175_Keras_parameters_at_vocabulary_279()
    {
        var p = Presets.Get("notes-and-chords");
        Assert.Equal(279, p.Options.VocabularySize);
        Assert.Equal(5_457_175, p.KerasParameterCount());
        // PyTorch: + 3 × 2,048 second LSTM biases − 1,536 BatchNorm running statistics (buffers)
        Assert.Equal(5_461_783, p.ParameterCount());
        Assert.Equal(5_461_783, p.CreateModel().ParameterCount());
    }

    [Fact]
    public void Chord_stacked_lstm_matches_the_derived_Keras_formula()
    {
        var p = Presets.Get("chord-stacked-lstm");
        int v = p.Options.VocabularySize;
        Assert.Equal(21_735, v);
        Assert.Equal(264_192 + 525_312 + 131_584 + 513L * v, p.KerasParameterCount());
        Assert.Equal(p.KerasParameterCount() + 2 * 1_024, p.ParameterCount());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Formula_count_equals_the_built_model_at_small_sizes(string id)
    {
        var p = Presets.Get(id);
        p.Options = p.TinyOptions() with { VocabularySize = 37 };
        Assert.Equal(p.ParameterCount(), p.CreateModel().ParameterCount());
        Assert.True(p.KerasParameterCount() <= p.ParameterCount() + 4 * 16 * 8);
    }

    public static TheoryData<string> Ids() => new(NineIds);

    [Fact]
    public void Options_round_trip_through_json()
    {
        var o = Presets.Get("notes-and-chords").DefaultOptions() with { Quirk = QuirkMode.Fixed, TopK = 5, Seed = 7 };
        Assert.Equal(o, PresetOptions.FromJson(o.ToJson()));
        Assert.Contains("\"Fixed\"", o.ToJson());
        Assert.Throws<FormatException>(() => PresetOptions.FromJson("{nope"));
    }
}
