using MusicGen.Data;
using MusicGen.Models;

namespace MusicGen.Tests.Models;

/// <summary>What the weight cache's key covers (issue 11): what training depends on, and nothing else.</summary>
public class WeightCacheKeyTests
{
    static string KeyOf(Action<PresetOptions> change)
    {
        var p = Presets.Get("pitch-regression").UseTiny();
        p.Options.Seed = 3;
        change(p.Options);
        var corpus = p.Encode(SampleSongs.All().Take(3).Select(s => s.Song).ToList());
        var model = p.CreateModel();
        p.InitializeFromData(model, corpus);
        var trainer = p.CreateTrainer(model, p.CreateTask(corpus));
        return WeightCache.Key(p, model, trainer.Options, corpus);
    }

    [Fact]
    public void Sampling_settings_keep_the_key_and_training_settings_change_it()
    {
        var key = KeyOf(_ => { });
        Assert.Equal(key, KeyOf(_ => { }));
        Assert.Equal(key, KeyOf(o => { o.Temperature = 0.3f; o.TopK = 5; o.TopP = 0.9f; }));
        Assert.NotEqual(key, KeyOf(o => o.HiddenSize += 1));   // another network
        Assert.NotEqual(key, KeyOf(o => o.Epochs += 1));       // another training
        Assert.NotEqual(key, KeyOf(o => o.Seed += 1));         // other initial weights and batch order
        Assert.NotEqual(key, KeyOf(o => o.Quirk = o.Quirk == QuirkMode.Faithful ? QuirkMode.Fixed : QuirkMode.Faithful));
    }

    [Fact]
    public void A_model_class_is_named_without_the_script_submission_it_was_written_in()
    {
        Assert.Equal(typeof(MelodyNet).FullName, WeightCache.ModelName(typeof(MelodyNet)));
        Assert.Equal(typeof(List<MelodyNet>).FullName, WeightCache.ModelName(typeof(List<MelodyNet>)));
    }
}
