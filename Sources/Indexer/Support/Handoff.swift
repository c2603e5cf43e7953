/// Hands a value that is not `Sendable` to another thread; the sender must not use it afterwards.
struct Handoff<Value>: @unchecked Sendable {
  let value: Value
}
