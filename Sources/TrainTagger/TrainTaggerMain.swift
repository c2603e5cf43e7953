#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `train-tagger`: trains the entity tagger's model, or writes predictions for a CoNLL file.
///
///     train-tagger --train eng.train --dev eng.testa --out Sources/Indexer/Tag/Model/ner.model
///                  [--epochs 12] [--seed 1] [--upper 6] [--gazetteers ../shared/data/reuters21578]
///     train-tagger predict --model M --input eng.testa --out pred.txt
@main
enum TrainTaggerMain {
  static func main() {
    let args = Array(CommandLine.arguments.dropFirst())
    do {
      if args.first == "predict" {
        try TrainTaggerCommands.predict(TrainTaggerCommands.options(Array(args.dropFirst())))
      } else if args.first == "tag" {
        try TrainTaggerCommands.tagFile(TrainTaggerCommands.options(Array(args.dropFirst())))
      } else if args.isEmpty || args.contains("--help") || args.contains("-h") {
        print(TrainTaggerCommands.usage)
      } else {
        try TrainTaggerCommands.train(TrainTaggerCommands.options(args))
      }
    } catch {
      print("train-tagger: \(error)")
      exit(2)
    }
  }
}
