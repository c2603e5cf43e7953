#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `train-tagger`: trains the entity tagger's model. (Work in progress.)
@main
enum TrainTaggerMain {
  static func main() {
    print("train-tagger: not implemented yet")
    exit(2)
  }
}
