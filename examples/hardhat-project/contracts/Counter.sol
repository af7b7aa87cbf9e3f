// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Counter
/// @notice One hot storage slot: every `increment` conflicts with every other one.
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 newCount);

    function increment() external {
        uint256 next = count + 1;
        count = next;
        emit Incremented(msg.sender, next);
    }
}
