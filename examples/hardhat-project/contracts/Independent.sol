// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Independent
/// @notice Per-caller state: transactions from different senders never touch the same slot.
contract Independent {
    mapping(address => uint256) public values;

    event ValueSet(address indexed who, uint256 value);

    function set(uint256 value) external {
        values[msg.sender] = value;
        emit ValueSet(msg.sender, value);
    }
}
