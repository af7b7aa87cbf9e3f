// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @title Pair
/// @notice A tiny constant-product AMM over two Token contracts (no fee, no LP shares).
/// Callers must `approve` the pair on both tokens first. The reserves are hot slots.
contract Pair {
    IToken public immutable token0;
    IToken public immutable token1;
    uint256 public reserve0;
    uint256 public reserve1;

    event LiquidityAdded(address indexed provider, uint256 amount0, uint256 amount1);
    event Swap(address indexed trader, bool zeroForOne, uint256 amountIn, uint256 amountOut);

    error ZeroAmount();
    error NoLiquidity();

    constructor(address token0_, address token1_) {
        token0 = IToken(token0_);
        token1 = IToken(token1_);
    }

    function addLiquidity(uint256 amount0, uint256 amount1) external {
        if (amount0 == 0 || amount1 == 0) revert ZeroAmount();
        token0.transferFrom(msg.sender, address(this), amount0);
        token1.transferFrom(msg.sender, address(this), amount1);
        reserve0 += amount0;
        reserve1 += amount1;
        emit LiquidityAdded(msg.sender, amount0, amount1);
    }

    function getAmountOut(uint256 amountIn, bool zeroForOne) public view returns (uint256) {
        (uint256 rIn, uint256 rOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        if (rIn == 0 || rOut == 0) revert NoLiquidity();
        return (amountIn * rOut) / (rIn + amountIn);
    }

    function swap(uint256 amountIn, bool zeroForOne) external returns (uint256 amountOut) {
        if (amountIn == 0) revert ZeroAmount();
        amountOut = getAmountOut(amountIn, zeroForOne);
        if (zeroForOne) {
            token0.transferFrom(msg.sender, address(this), amountIn);
            token1.transfer(msg.sender, amountOut);
            reserve0 += amountIn;
            reserve1 -= amountOut;
        } else {
            token1.transferFrom(msg.sender, address(this), amountIn);
            token0.transfer(msg.sender, amountOut);
            reserve1 += amountIn;
            reserve0 -= amountOut;
        }
        emit Swap(msg.sender, zeroForOne, amountIn, amountOut);
    }
}
