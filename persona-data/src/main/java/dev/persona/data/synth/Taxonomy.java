package dev.persona.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shop's fixed category tree: 15 top-level categories, each with 3 to 4 subcategories of 2 to 3
 * leaves, such as {@code electronics/phones/smartphones}. Items sit in leaves. Each top-level
 * category carries its share of the catalogue and of casual browsing, its median price and price
 * spread, and how much more or less it appeals to demographic groups (so that attributes and tastes
 * correlate as in a real shop).
 */
final class Taxonomy {
  /**
   * One top-level category.
   *
   * @param weight share of items and of exploratory browsing (relative)
   * @param medianPrice median item price before leaf and brand factors
   * @param sigma log-normal spread of prices
   * @param female appeal multiplier for women ({@code 1/female} for men)
   * @param young appeal multiplier for under-30s
   * @param old appeal multiplier for over-50s
   * @param leaves full leaf paths, such as {@code electronics/phones/smartphones}
   */
  record Top(
      String name,
      double weight,
      double medianPrice,
      double sigma,
      double female,
      double young,
      double old,
      List<String> leaves) {}

  static final List<Top> TOPS =
      List.of(
          top(
              "electronics 10 180 0.8 0.75 1.3 0.9",
              "phones:smartphones,phone-cases,chargers",
              "audio:headphones,speakers,earbuds",
              "tv-video:televisions,projectors,soundbars",
              "cameras:digital-cameras,lenses,tripods"),
          top(
              "computers 6 260 0.8 0.65 1.4 0.9",
              "laptops:ultrabooks,gaming-laptops,chromebooks",
              "components:graphics-cards,processors,memory-modules",
              "peripherals:keyboards,mice,monitors"),
          top(
              "home-kitchen 10 45 0.8 1.2 0.8 1.3",
              "cookware:frying-pans,saucepans,knife-sets",
              "appliances:coffee-makers,blenders,toasters",
              "furniture:chairs,desks,bookshelves",
              "decor:lamps,rugs,cushions"),
          top(
              "fashion 12 40 0.6 1.5 1.3 0.8",
              "women:dresses,blouses,skirts",
              "men:shirts,jackets,trousers",
              "shoes:sneakers,boots,sandals",
              "accessories:handbags,belts,watches"),
          top(
              "beauty 8 18 0.6 2.5 1.3 0.9",
              "skincare:moisturizers,serums,cleansers",
              "makeup:lipsticks,mascaras,foundations",
              "fragrance:perfumes,colognes",
              "haircare:shampoos,conditioners,hair-dryers"),
          top(
              "sports 7 35 0.8 0.8 1.3 0.8",
              "fitness:dumbbells,yoga-mats,resistance-bands",
              "cycling:bicycles,helmets,bike-lights",
              "outdoor:tents,backpacks,sleeping-bags",
              "team-sports:footballs,basketballs,jerseys"),
          top(
              "toys 5 22 0.6 1.1 1.0 1.0",
              "building:construction-sets,building-blocks",
              "dolls:dolls,dollhouses",
              "games:board-games,puzzles,card-games",
              "outdoor-play:scooters,trampolines"),
          top(
              "books 8 12 0.4 1.2 0.9 1.4",
              "fiction:novels,thrillers,fantasy-novels",
              "non-fiction:biographies,cookbooks,history-books",
              "children:picture-books,comics",
              "education:textbooks,dictionaries"),
          top(
              "grocery 6 6 0.5 1.1 0.9 1.2",
              "drinks:coffee-beans,teas,juices",
              "snacks:chocolates,crisps,biscuits",
              "pantry:pastas,olive-oils,spices"),
          top(
              "garden 4 30 0.9 1.0 0.6 1.8",
              "tools:lawn-mowers,hedge-trimmers,shovels",
              "plants:seed-packets,flower-bulbs,plant-pots",
              "outdoor-living:grills,garden-chairs,parasols"),
          top(
              "automotive 4 40 0.8 0.5 1.0 1.1",
              "parts:brake-pads,oil-filters,car-batteries",
              "care:car-waxes,cleaning-kits",
              "accessories:seat-covers,phone-mounts,dash-cams"),
          top(
              "pets 4 20 0.6 1.2 1.0 1.1",
              "dogs:dog-foods,leashes,dog-beds",
              "cats:cat-foods,cat-litters,scratching-posts",
              "fish:aquariums,fish-foods"),
          top(
              "health 5 15 0.6 1.2 0.7 1.7",
              "vitamins:multivitamins,protein-powders,omega-supplements",
              "personal-care:toothbrushes,shavers,thermometers",
              "medical:blood-pressure-monitors,first-aid-kits"),
          top(
              "baby 3 25 0.7 1.6 1.1 0.6",
              "feeding:bottles,high-chairs,bibs",
              "nursery:cribs,baby-monitors,changing-mats",
              "travel:strollers,car-seats"),
          top(
              "music 2 60 0.9 0.8 1.4 0.9",
              "instruments:guitars,digital-pianos,drum-kits",
              "accessories:guitar-strings,tuners,music-stands",
              "recording:microphones,audio-interfaces,studio-monitors"));

  static final String[] SERIES = {
    "Pro", "Lite", "Max", "Air", "Classic", "Plus", "Mini", "Ultra", "Eco", "Prime", "Go", "One"
  };
  static final String[] COLORS = {
    "black", "white", "grey", "blue", "red", "green", "beige", "silver", "pink", "brown"
  };
  private static final String[] SYLLABLES = {
    "ar", "bel", "cor", "da", "el", "fen", "gor", "hal", "is", "ka", "lum", "mar", "nor", "ov",
    "pra", "quin", "ros", "sel", "tor", "ul", "ves", "wen", "xan", "yor", "zel", "bri", "cal", "dor"
  };
  private static final String[] ENDINGS = {"", "ix", "on", "a", "o", "ia", "us", "ex", "ara", "eo"};

  private Taxonomy() {}

  private static Top top(String spec, String... subs) {
    String[] p = spec.split(" ");
    List<String> leaves = new ArrayList<>();
    for (String sub : subs) {
      String[] parts = sub.split(":");
      for (String leaf : parts[1].split(",")) {
        leaves.add(p[0] + "/" + parts[0] + "/" + leaf);
      }
    }
    return new Top(
        p[0],
        Double.parseDouble(p[1]),
        Double.parseDouble(p[2]),
        Double.parseDouble(p[3]),
        Double.parseDouble(p[4]),
        Double.parseDouble(p[5]),
        Double.parseDouble(p[6]),
        List.copyOf(leaves));
  }

  /** The singular display noun of a leaf path: {@code .../graphics-cards} gives "Graphics Card". */
  static String noun(String leafPath) {
    String slug = leafPath.substring(leafPath.lastIndexOf('/') + 1);
    String[] words = slug.split("-");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (i == words.length - 1) {
        w = singular(w);
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return out.toString();
  }

  private static String singular(String w) {
    if (w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes")) {
      return w.substring(0, w.length() - 2);
    }
    if (w.endsWith("s") && !w.endsWith("ss")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  /** An invented, pronounceable brand name such as "Korvana". */
  static String brandName(Rng rng) {
    int syllables = rng.chance(0.8) ? 2 : 3;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < syllables; i++) {
      b.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
    }
    b.append(ENDINGS[rng.nextInt(ENDINGS.length)]);
    String name = b.toString();
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }
}
